package io.github.randomuseretl.adapter.archive;

import io.github.randomuseretl.core.config.InvalidSettingException;
import io.github.randomuseretl.core.port.ArchiveException;
import io.github.randomuseretl.core.model.ArchivedObject;
import io.github.randomuseretl.core.port.RawArchive;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The archive in an S3 bucket ({@code ETL_ARCHIVE_URL=s3://bucket/prefix}), through the AWS SDK for Java
 * v2 with the JDK's HTTP client. Credentials and region come from the SDK's default chains (environment,
 * profile, container or instance role; on Lambda the function's role) and are never logged. With
 * {@code ETL_ARCHIVE_S3_ENDPOINT} it talks to an S3-compatible store (MinIO, Ceph); such stores often
 * need path-style access ({@code ETL_ARCHIVE_S3_PATH_STYLE=true}) and do not all accept the SDK's
 * default request checksums or aws-chunked bodies, so checksums are then only sent where S3 requires
 * them, bodies go whole, and every PUT
 * carries {@code Content-MD5}, which every S3-protocol server checks.
 */
public final class S3RawArchive implements RawArchive, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String description;

    /**
     * @param s3     the client
     * @param bucket the bucket
     * @param prefix the key prefix, empty or ending {@code /}
     */
    public S3RawArchive(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end with /");
        }
        this.description = "s3://" + bucket + "/" + prefix;
    }

    /**
     * @param settings the checked settings, with an {@code s3://} URL
     * @return the archive, with its own client
     */
    public static S3RawArchive create(ArchiveSettings settings) {
        ArchiveSettings.Location.S3 where = (ArchiveSettings.Location.S3) settings.location();
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(settings.pathStyle());
        settings.region().ifPresent(r -> b.region(Region.of(r)));
        if (settings.endpoint().isPresent()) {
            b.endpointOverride(URI.create(settings.endpoint().get()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    // Over plain http the SDK would sign the body in aws-chunked encoding, which not every
                    // S3-compatible store decodes (some store the chunk framing as the object).
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
            if (settings.region().isEmpty()) {
                // An S3-compatible store ignores the region, but the SDK needs one to sign.
                b.region(Region.US_EAST_1);
            }
        }
        S3Client client;
        try {
            client = b.build();
        } catch (SdkException e) {
            // Typically no region anywhere in the default chain: say which setting fixes it, in one line.
            throw new InvalidSettingException(ArchiveSettings.S3_REGION.name(), "a region for " + where.bucket()
                    + " (the AWS SDK found none: " + e.getMessage() + ")", settings.region().orElse("unset"));
        }
        return new S3RawArchive(client, where.bucket(), where.prefix());
    }

    @Override
    public ArchivedObject put(String key, byte[] content) {
        byte[] gz = Gzip.compress(content);
        String md5 = Base64.getEncoder().encodeToString(Gzip.digest("MD5").digest(gz));
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType("application/gzip")
                    .contentMD5(md5).contentLength((long) gz.length).build(), RequestBody.fromBytes(gz));
        } catch (SdkException e) {
            throw new ArchiveException("could not store " + key + " in " + description + ": " + e.getMessage(), e);
        }
        return new ArchivedObject(key, gz.length, Gzip.sha256(gz));
    }

    @Override
    public Optional<byte[]> get(String key, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(prefix + key))) {
            return Optional.of(Gzip.decompress(in, maxBytes, key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ArchiveException("could not read " + key + " from " + description + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new ArchiveException("could not read " + key + " from " + description + ": " + e, e);
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix + keyPrefix).build())) {
                for (S3Object o : page.contents()) {
                    keys.add(o.key().substring(prefix.length()));
                }
            }
        } catch (SdkException e) {
            throw new ArchiveException("could not list " + keyPrefix + " in " + description + ": " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        s3.close();
    }
}
