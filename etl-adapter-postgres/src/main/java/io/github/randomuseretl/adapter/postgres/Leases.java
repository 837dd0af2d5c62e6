package io.github.randomuseretl.adapter.postgres;

/** The advisory-lock namespaces of one schema: the slot locks of claims, and the runs' leases. */
final class Leases {

    private Leases() {
    }

    /** @return the namespace of the transaction-scoped locks that serialise claims of a slot or of a budget */
    static String claims(PostgresDatabase db) {
        return "randomuser-etl/" + db.schema();
    }

    /** @return the namespace of the session-scoped lock each live run's session holds */
    static String runs(PostgresDatabase db) {
        return "randomuser-etl/" + db.schema() + "/lease";
    }
}
