package io.github.randomuseretl.runner.scheduler.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.randomuseretl.core.testing.FakeRandomUserApi;
import io.github.randomuseretl.core.testing.S3rver;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The raw archive on a real S3-protocol server (s3rver) through the shaded jar, configured as an operator
 * would (URL, endpoint, path style, credentials from the SDK's default chain): every page is stored once
 * per attempt as served, and a fresh schema is rebuilt from the bucket alone with the API down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3ArchiveIT {

    @RegisterExtension
    static final MigratedEnvironment ENV = new MigratedEnvironment();

    @RegisterExtension
    static final S3rver S3 = new S3rver();

    private static final String PREFIX = "e2e-" + UUID.randomUUID();
    private static Map<String, String> env;

    @BeforeAll
    static void start() {
        env = JarProcess.env(ENV.env());
        env.put("ETL_ARCHIVE_URL", "s3://" + S3rver.BUCKET + "/" + PREFIX);
        env.put("ETL_ARCHIVE_S3_ENDPOINT", S3.endpoint());
        env.put("ETL_ARCHIVE_S3_PATH_STYLE", "true");
        env.put("AWS_ACCESS_KEY_ID", "S3RVER");
        env.put("AWS_SECRET_ACCESS_KEY", "S3RVER");
    }

    private static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(S3.endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("S3RVER", "S3RVER"))).build();
    }

    private static Map<String, String> usersAndHashes(String schema) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ENV.db().connect(); PreparedStatement st = c.prepareStatement(
                "SELECT uuid::text, encode(row_hash, 'hex') FROM " + schema + ".users"); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void everyPageIsStoredInTheBucketOncePerAttemptAsServed() throws Exception {
        int before = ENV.api().requestLog().size();
        JarProcess b = JarProcess.run(env, "backfill", "--from", "2026-02-01T10:00Z", "--to", "2026-02-01T10:01Z");
        assertEquals(0, b.exitCode(), b.describe());
        List<FakeRandomUserApi.Request> served = ENV.api().requestLog().subList(before, ENV.api().requestLog().size());
        assertEquals(2, served.size());

        try (S3Client s3 = client()) {
            List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket(S3rver.BUCKET).prefix(PREFIX + "/")).contents().stream()
                    .map(S3Object::key).sorted().toList();
            String folder = PREFIX + "/randomuser/api=1.4/date=2026-02-01/slot=";
            assertEquals(List.of(folder + "1000/attempt=1/manifest.tsv.gz", folder + "1000/attempt=1/page-1.json.gz",
                    folder + "1001/attempt=1/manifest.tsv.gz", folder + "1001/attempt=1/page-1.json.gz"), keys);
            for (int minute = 0; minute < 2; minute++) {
                String key = folder + "100" + minute + "/attempt=1/page-1.json.gz";
                byte[] stored = s3.getObjectAsBytes(r -> r.bucket(S3rver.BUCKET).key(key)).asByteArray();
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                    assertArrayEquals(ENV.api().defaultBody(served.get(minute)), in.readAllBytes(), "page of minute " + minute + " as served");
                }
            }
        }
    }

    @Test
    @Order(2)
    void aFreshSchemaIsRebuiltFromTheBucketAloneWithTheSourceDown() throws Exception {
        Map<String, String> rebuilt = JarProcess.env(env);
        rebuilt.put("ETL_DB_SCHEMA", "rebuilt_s3");
        assertEquals(0, JarProcess.run(rebuilt, "migrate").exitCode());
        int requests = ENV.api().requests();
        ENV.api().setDown(true);
        JarProcess r;
        try {
            r = JarProcess.run(rebuilt, "rebuild", "--from", "2026-02-01T10:00Z", "--to", "2026-02-01T10:01Z");
        } finally {
            ENV.api().setDown(false);
        }

        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("2 loaded now"), r.describe());
        assertEquals(requests, ENV.api().requests(), "the API was not asked");
        assertEquals(2L * E2e.USERS_PER_RUN, usersAndHashes("randomuser").size());
        assertEquals(usersAndHashes("randomuser"), usersAndHashes("rebuilt_s3"), "the same users with the same row hashes");
    }
}
