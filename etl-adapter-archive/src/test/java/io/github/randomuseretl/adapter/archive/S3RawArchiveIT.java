package io.github.randomuseretl.adapter.archive;

import io.github.randomuseretl.core.config.Settings;
import io.github.randomuseretl.core.port.RawArchive;
import io.github.randomuseretl.core.testing.S3rver;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 archive against a real S3-protocol server (s3rver), configured the way an operator would. */
class S3RawArchiveIT extends RawArchiveContract {

    @RegisterExtension
    static final S3rver S3 = new S3rver();

    /** Each test under its own prefix of the one bucket. */
    private final String prefix = "etl-" + UUID.randomUUID();

    private ArchiveSettings settings(String url) {
        return ArchiveSettings.from(Settings.of(Map.of("ETL_ARCHIVE_URL", url, "ETL_ARCHIVE_S3_ENDPOINT", S3.endpoint(),
                "ETL_ARCHIVE_S3_PATH_STYLE", "true")), Optional.empty());
    }

    @Override
    RawArchive archive() {
        // s3rver accepts any credentials; the SDK's default chain reads these from system properties.
        System.setProperty("aws.accessKeyId", "S3RVER");
        System.setProperty("aws.secretAccessKey", "S3RVER");
        return RawArchives.open(settings("s3://" + S3rver.BUCKET + "/" + prefix)).orElseThrow();
    }

    @Override
    byte[] storedBytes(String key) {
        try (S3Client raw = S3Client.builder().endpointOverride(URI.create(S3.endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER"))).build()) {
            return raw.getObjectAsBytes(r -> r.bucket(S3rver.BUCKET).key(prefix + "/" + key)).asByteArray();
        }
    }

    /** A bucket that does not exist: every PUT is refused by the server. */
    @Override
    RawArchive unwritable() {
        archive();
        return RawArchives.open(settings("s3://no-such-bucket/" + prefix)).orElseThrow();
    }
}
