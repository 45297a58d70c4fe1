package dev.gofer.it;

import com.adobe.testing.s3mock.testsupport.common.S3MockStarter;
import dev.gofer.config.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 HTTP server for tests: Adobe's S3Mock, in-process, on a free port, with one bucket of a random
 * name whose files live in a temporary folder that {@link #close()} removes.
 */
public final class TestS3 extends S3MockStarter implements AutoCloseable {
    /** Credentials Gofer is configured with; no test output, response or message may contain them. */
    public static final String ACCESS_KEY = "AKIAGOFERTESTACCESSKEY";
    public static final String SECRET_KEY = "gofer-test-secret-key-never-printed-0123456789";
    public static final String PREFIX = "gofer/";

    public final String bucket;
    private final Path root;
    private S3Client client;
    private boolean stopped;

    private TestS3(Map<String, Object> props, String bucket, Path root) {
        super(props);
        this.bucket = bucket;
        this.root = root;
    }

    public static TestS3 open() {
        // Spring Boot inside S3Mock: keep its logging out of the way of the tests' slf4j-simple
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        try {
            Path root = Files.createTempDirectory("gofer-s3mock");
            String bucket = "gofer-test-" + UUID.randomUUID().toString().substring(0, 8);
            TestS3 s3 = new TestS3(Map.of("com.adobe.testing.s3mock.store.initialBuckets", bucket,
                    "com.adobe.testing.s3mock.store.root", root.toString(), "secureConnection", false, "silent", true), bucket, root);
            s3.start();
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + getHttpPort();
    }

    /** Settings that put this server's objects into this bucket, under {@link #PREFIX}. */
    public ServerSettings configure(ServerSettings settings) {
        return configure(settings, endpoint());
    }

    public ServerSettings configure(ServerSettings settings, String endpoint) {
        return settings.with("s3_endpoint", endpoint).with("s3_bucket", bucket)
                .with("s3_prefix", PREFIX).with("s3_path_style", true)
                .with("s3_access_key", ACCESS_KEY).with("s3_secret_key", SECRET_KEY).with("object_store", "s3");
    }

    /** A client of this server, as a test looks into the bucket. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                    .endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        }
        return client;
    }

    /** Every key in the bucket. */
    public List<String> keys() {
        return client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** Keys of multipart uploads begun and neither completed nor aborted. */
    public List<String> pendingUploads() {
        return client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(MultipartUpload::key).toList();
    }

    public synchronized void stopServer() {
        if (!stopped) {
            stopped = true;
            stop();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        stopServer();
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
