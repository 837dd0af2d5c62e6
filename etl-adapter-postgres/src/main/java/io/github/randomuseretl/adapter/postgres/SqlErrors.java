package io.github.randomuseretl.adapter.postgres;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;

/** Turns driver and JDBI exceptions into one-line, secret-free text and tells connection failures apart. */
final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * @param e any exception
     * @return the first line of the most telling message in the cause chain, with its SQLSTATE
     */
    static String describe(Throwable e) {
        SQLException sql = find(e).orElse(null);
        Throwable source = sql != null ? sql : e;
        String message = firstLine(source.getMessage());
        if (message.isEmpty()) {
            message = source.getClass().getSimpleName();
        }
        if (sql != null && sql.getSQLState() != null && !message.contains(sql.getSQLState())) {
            message = message + " [SQLSTATE " + sql.getSQLState() + "]";
        }
        return message;
    }

    /**
     * @param e any exception
     * @return true if it says the connection could not be made or was lost (SQLSTATE class 08, 57P01..03)
     */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("28P01") || state.equals("28000")
                        || state.equals("3D000")) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e any exception
     * @return true if a statement was cut off by {@code statement_timeout} (57014) or {@code lock_timeout} (55P03)
     */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("57014".equals(s.getSQLState()) || "55P03".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most telling SQLException in the chain: the server's own error if there is one (it says why,
     * e.g. the backend was terminated), else the root-most one with a SQLSTATE (a batch's or a pool's
     * wrapper says less than its cause).
     */
    private static Optional<SQLException> find(Throwable e) {
        SQLException server = null;
        SQLException withState = null;
        SQLException any = null;
        java.util.List<SQLException> all = new java.util.ArrayList<>();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException s) {
                all.add(s);
                if (s.getNextException() != null) {
                    all.add(s.getNextException());
                }
            }
        }
        for (SQLException s : all) {
            any = any == null ? s : any;
            if (s.getSQLState() != null) {
                withState = s;
            }
            if (server == null && s instanceof PSQLException p && p.getServerErrorMessage() != null) {
                server = s;
            }
        }
        return Optional.ofNullable(server != null ? server : withState != null ? withState : any);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).strip();
    }
}
