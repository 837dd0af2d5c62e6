package io.github.randomuseretl.adapter.postgres;

/** How a batch reaches the staging table. COPY is the one in use; the batch is kept to measure against. */
enum Staging {
    /** {@code COPY ... FROM STDIN} through the driver's CopyManager. */
    COPY,
    /** A JDBI prepared batch of INSERTs, 1,000 rows per round trip. */
    BATCH
}
