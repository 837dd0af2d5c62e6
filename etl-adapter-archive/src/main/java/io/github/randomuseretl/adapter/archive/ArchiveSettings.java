package io.github.randomuseretl.adapter.archive;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Setting;
import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.config.Use;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where raw pages are archived, read once at start-up; each setting is described once, in {@link #SETTINGS}.
 *
 * @param location  where, or {@link Location.Off}
 * @param endpoint  an S3-compatible endpoint instead of AWS's, if set
 * @param pathStyle path-style S3 access ({@code https://host/bucket/key}), for S3-compatible stores
 * @param region    the S3 region, if set (else the SDK's default chain)
 */
public record ArchiveSettings(Location location, Optional<String> endpoint, boolean pathStyle, Optional<String> region) {

    /** What {@code ETL_ARCHIVE_URL} must look like. */
    static final String EXPECTED = "file:///absolute/path, s3://bucket/prefix or off";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** {@code ETL_ARCHIVE_URL}. */
    public static final Setting<Optional<String>> ARCHIVE_URL = Setting.named("ETL_ARCHIVE_URL")
            .means("where every fetched page is kept as received, gzip-compressed, before its batch is loaded (the raw "
                    + "landing zone, which rebuild reads): file:///absolute/path, s3://bucket/prefix, or off; unset, it is "
                    + "off with ETL_DB_URL and ETL_DATA_DIR/archive under the embedded database. A page that cannot be "
                    + "stored fails its run")
            .usedFor(Use.RUN, Use.INSPECT)
            .optionalText();

    /** {@code ETL_ARCHIVE_S3_ENDPOINT}. */
    public static final Setting<Optional<String>> S3_ENDPOINT = Setting.named("ETL_ARCHIVE_S3_ENDPOINT")
            .means("an S3-compatible endpoint for an s3:// ETL_ARCHIVE_URL (MinIO, Ceph), e.g. http://minio:9000; unset, AWS S3")
            .usedFor(Use.RUN, Use.INSPECT)
            .optionalText();

    /** {@code ETL_ARCHIVE_S3_PATH_STYLE}. */
    public static final Setting<Boolean> S3_PATH_STYLE = Setting.named("ETL_ARCHIVE_S3_PATH_STYLE")
            .means("address the bucket in the path (http://host/bucket/key) rather than the host name; most S3-compatible stores need it")
            .usedFor(Use.RUN, Use.INSPECT)
            .bool(false);

    /** {@code ETL_ARCHIVE_S3_REGION}. */
    public static final Setting<Optional<String>> S3_REGION = Setting.named("ETL_ARCHIVE_S3_REGION")
            .means("the bucket's region; unset, the AWS SDK's default chain (AWS_REGION, the profile; on Lambda the function's "
                    + "region), or us-east-1 with ETL_ARCHIVE_S3_ENDPOINT")
            .usedFor(Use.RUN, Use.INSPECT)
            .optionalText();

    /** Every setting of the archive, in the order they are documented. */
    public static final List<Setting<?>> SETTINGS = List.of(ARCHIVE_URL, S3_ENDPOINT, S3_PATH_STYLE, S3_REGION);

    /** Checks presence. */
    public ArchiveSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Reads and checks the settings.
     *
     * @param settings   the settings
     * @param defaultDir the directory used when {@code ETL_ARCHIVE_URL} is unset (the embedded database's
     *                   data directory's {@code archive}), or empty for off
     * @return the settings
     * @throws InvalidSettingException naming the wrong setting
     */
    public static ArchiveSettings from(Settings settings, Optional<Path> defaultDir) {
        Optional<String> url = ARCHIVE_URL.read(settings).map(String::strip).filter(s -> !s.isEmpty());
        Location location = url.map(ArchiveSettings::parse)
                .orElseGet(() -> defaultDir.<Location>map(d -> new Location.Directory(d.toAbsolutePath().normalize()))
                        .orElse(new Location.Off()));
        Optional<String> endpoint = S3_ENDPOINT.read(settings).map(String::strip).filter(s -> !s.isEmpty());
        endpoint.ifPresent(e -> {
            URI u;
            try {
                u = new URI(e);
            } catch (URISyntaxException bad) {
                throw new InvalidSettingException(S3_ENDPOINT.name(), "an http:// or https:// URL", e);
            }
            if (u.getScheme() == null || !List.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null
                    || u.getUserInfo() != null) {
                throw new InvalidSettingException(S3_ENDPOINT.name(), "an http:// or https:// URL without credentials", u.getUserInfo() == null ? e : Setting.MASK);
            }
        });
        return new ArchiveSettings(location, endpoint, S3_PATH_STYLE.read(settings),
                S3_REGION.read(settings).map(String::strip).filter(s -> !s.isEmpty()));
    }

    static Location parse(String text) {
        if (text.equalsIgnoreCase("off")) {
            return new Location.Off();
        }
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(ARCHIVE_URL.name(), EXPECTED, text);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
            throw new InvalidSettingException(ARCHIVE_URL.name(), EXPECTED + " (no credentials, query or fragment: the SDK's "
                    + "default chain gives S3 credentials)", u.getUserInfo() == null ? text : Setting.MASK);
        }
        if (scheme.equals("file")) {
            if ((u.getAuthority() != null && !u.getAuthority().isEmpty()) || u.getPath() == null || !u.getPath().startsWith("/")
                    || u.getPath().equals("/")) {
                throw new InvalidSettingException(ARCHIVE_URL.name(), EXPECTED + " (a file URL names an absolute directory, "
                        + "other than /, with three slashes)", text);
            }
            return new Location.Directory(Path.of(u).normalize());
        }
        if (scheme.equals("s3")) {
            String bucket = u.getHost();
            if (bucket == null || !BUCKET.matcher(bucket).matches()) {
                throw new InvalidSettingException(ARCHIVE_URL.name(), EXPECTED + " (a bucket name is 3 to 63 lower-case letters, "
                        + "digits, dots and hyphens)", text);
            }
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
            return new Location.S3(bucket, path.isEmpty() ? "" : path + "/");
        }
        throw new InvalidSettingException(ARCHIVE_URL.name(), EXPECTED, text);
    }

    /** @return true unless the archive is off */
    public boolean enabled() {
        return !(location instanceof Location.Off);
    }

    /** Where the archive is. */
    public sealed interface Location {

        /** No archive. */
        record Off() implements Location {
        }

        /** @param path an absolute directory */
        record Directory(Path path) implements Location {
        }

        /**
         * @param bucket the bucket
         * @param prefix the key prefix, empty or ending {@code /}
         */
        record S3(String bucket, String prefix) implements Location {
        }
    }
}
