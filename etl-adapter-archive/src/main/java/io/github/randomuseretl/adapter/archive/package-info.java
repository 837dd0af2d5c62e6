/**
 * The raw landing zone: the core's {@link io.github.randomuseretl.core.port.RawArchive} on a directory
 * ({@link io.github.randomuseretl.adapter.archive.FileRawArchive}) or an S3 bucket
 * ({@link io.github.randomuseretl.adapter.archive.S3RawArchive}), chosen by {@code ETL_ARCHIVE_URL}
 * ({@link io.github.randomuseretl.adapter.archive.ArchiveSettings}).
 */
package io.github.randomuseretl.adapter.archive;
