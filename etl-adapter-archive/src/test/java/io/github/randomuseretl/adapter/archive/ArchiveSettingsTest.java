package io.github.randomuseretl.adapter.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArchiveSettingsTest {

    private static ArchiveSettings read(Map<String, String> env, Optional<Path> defaultDir) {
        return ArchiveSettings.from(Settings.of(env), defaultDir);
    }

    @Test
    void unsetIsOffWithAnExternalDatabaseAndTheDataDirectoryUnderTheEmbeddedOne() {
        assertFalse(read(Map.of(), Optional.empty()).enabled());
        assertEquals(new ArchiveSettings.Location.Directory(Path.of("/data/archive")),
                read(Map.of(), Optional.of(Path.of("/data/archive"))).location());
        assertFalse(read(Map.of("ETL_ARCHIVE_URL", "off"), Optional.of(Path.of("/data/archive"))).enabled());
    }

    @Test
    void fileAndS3UrlsNameTheDirectoryOrTheBucketAndPrefix() {
        assertEquals(new ArchiveSettings.Location.Directory(Path.of("/var/lake")),
                read(Map.of("ETL_ARCHIVE_URL", "file:///var/lake/"), Optional.empty()).location());
        assertEquals(new ArchiveSettings.Location.S3("my-lake", "raw/users/"),
                read(Map.of("ETL_ARCHIVE_URL", "s3://my-lake/raw/users"), Optional.empty()).location());
        assertEquals(new ArchiveSettings.Location.S3("my-lake", ""),
                read(Map.of("ETL_ARCHIVE_URL", "s3://my-lake"), Optional.empty()).location());
        ArchiveSettings minio = read(Map.of("ETL_ARCHIVE_URL", "s3://lake/x", "ETL_ARCHIVE_S3_ENDPOINT", "http://minio:9000",
                "ETL_ARCHIVE_S3_PATH_STYLE", "true"), Optional.empty());
        assertEquals(Optional.of("http://minio:9000"), minio.endpoint());
        assertTrue(minio.pathStyle());
    }

    @Test
    void aWrongUrlIsRefusedInOneLineNamingTheSettingAndNeverEchoingCredentials() {
        for (String bad : new String[] {"/var/lake", "file://host/var/lake", "file:relative", "file:///", "http://lake/x",
            "s3://UPPER/x", "s3:///nobucket", "s3://lake/x?versionId=1", "::"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> read(Map.of("ETL_ARCHIVE_URL", bad), Optional.empty()), bad);
            assertEquals("ETL_ARCHIVE_URL", e.setting());
            assertFalse(e.getMessage().contains("\n"));
        }
        InvalidSettingException secret = assertThrows(InvalidSettingException.class,
                () -> read(Map.of("ETL_ARCHIVE_URL", "s3://AKIA:s3cret@lake/x"), Optional.empty()));
        assertFalse(secret.getMessage().contains("s3cret"), secret.getMessage());
        InvalidSettingException endpoint = assertThrows(InvalidSettingException.class,
                () -> read(Map.of("ETL_ARCHIVE_URL", "s3://lake/x", "ETL_ARCHIVE_S3_ENDPOINT", "minio:9000"), Optional.empty()));
        assertEquals("ETL_ARCHIVE_S3_ENDPOINT", endpoint.setting());
    }

    @Test
    void anS3ArchiveWithoutAnyRegionIsRefusedInOneLineNamingTheRegionSetting() {
        // No AWS_REGION, no profile file, no instance metadata, no endpoint: the SDK has no region to sign with.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "the machine names a region");
        String previous = System.getProperty("aws.region");
        System.clearProperty("aws.region");
        String home = System.getProperty("user.home");
        System.setProperty("aws.configFile", "/nonexistent/aws-config");
        System.setProperty("aws.sharedCredentialsFile", "/nonexistent/aws-credentials");
        System.setProperty("aws.disableEc2Metadata", "true");
        try {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> S3RawArchive.create(read(Map.of("ETL_ARCHIVE_URL", "s3://my-lake/raw"), Optional.empty())));
            assertEquals("ETL_ARCHIVE_S3_REGION", e.setting());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.sharedCredentialsFile");
            System.clearProperty("aws.disableEc2Metadata");
            if (previous != null) {
                System.setProperty("aws.region", previous);
            }
            assertEquals(home, System.getProperty("user.home"));
        }
    }
}
