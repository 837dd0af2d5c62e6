package io.github.randomuseretl.adapter.postgres;

import java.sql.SQLException;
import java.util.Optional;

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

    private static Optional<SQLException> find(Throwable e) {
        SQLException found = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
                if (s.getSQLState() != null) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.ofNullable(found);
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
