package dev.gofer.objects;

import dev.gofer.config.S3Settings;
import dev.gofer.model.GoferException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket (AWS or an S3-compatible server), under {@code <s3_prefix><location>}.
 *
 * <p>Every SDK call is blocking and runs on a worker pool of its own, never on an event loop. Uploads are S3
 * multipart uploads sent part by part as the bytes arrive ({@link S3Upload}); a multipart upload is invisible
 * until it is completed, and it is completed inside the index transaction, so an object whose row was never
 * written is never readable, and a crash mid-upload leaves only an incomplete upload, which {@link #sweep}
 * aborts later. Downloads stream the response body chunk by chunk ({@link BlockingReadStream}).
 *
 * <p>Any failure of S3 itself is a 503 naming the endpoint and bucket; the credentials never appear.
 */
public final class S3Backend implements ObjectBackend {
    private static final Logger LOG = LoggerFactory.getLogger(S3Backend.class);
    /** S3's smallest part (but the last); parts grow when the size limit needs more than S3's 10,000. */
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int READ_CHUNK = 64 * 1024;
    private static final int WORKERS = 16;
    private static final int DELETE_BATCH = 1000;

    private final Vertx vertx;
    private final S3Settings settings;
    private final S3Client client;
    private final WorkerExecutor workers;
    private final int partSize;
    private final Duration orphanAge;

    /** {@code sizeLimit}: the largest object (object_size_limit); {@code orphanAge}: how old a leftover must be to be swept. */
    public S3Backend(Vertx vertx, S3Settings settings, long sizeLimit, Duration orphanAge) {
        this.vertx = vertx;
        this.settings = settings;
        this.client = client(settings);
        this.workers = vertx.createSharedWorkerExecutor("gofer-s3", WORKERS);
        this.partSize = (int) Math.max(MIN_PART_SIZE, Math.min(Integer.MAX_VALUE - 8, (sizeLimit + MAX_PARTS - 1) / MAX_PARTS));
        this.orphanAge = orphanAge;
    }

    private static S3Client client(S3Settings s) {
        AwsCredentialsProvider credentials = s.staticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .region(Region.of(s.region()))
                .forcePathStyle(s.pathStyle())
                .credentialsProvider(credentials);
        if (s.endpointUri() != null) {
            builder.endpointOverride(s.endpointUri());
        }
        return builder.build();
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return settings.bucket();
    }

    int partSize() {
        return partSize;
    }

    String bucketKey(String location) {
        if (location.isEmpty() || location.startsWith("/") || location.contains("..")) {
            throw new IllegalArgumentException("object location outside the object store: " + location);
        }
        return settings.prefix() + location;
    }

    /** Runs a blocking SDK call on the S3 workers; a failure of S3 becomes a 503 naming endpoint and bucket. */
    <T> Future<T> call(String action, Callable<T> work) {
        return workers.<T>executeBlocking(work, false).recover(e -> Future.failedFuture(
                e instanceof GoferException || e instanceof NoSuchFileException ? e : unavailable(action, e)));
    }

    GoferException unavailable(String action, Throwable e) {
        String reason;
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
            reason = a.awsErrorDetails().errorCode() + " (HTTP " + a.statusCode() + ")";
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = e.getMessage() + (root != e && root.getMessage() != null ? " (" + root.getMessage() + ")" : "");
        }
        return new GoferException(GoferException.Kind.UNAVAILABLE, "object store unavailable: " + action + " failed on "
                + settings.describe() + ": " + redact(reason));
    }

    private String redact(String text) {
        String out = text == null ? "" : text;
        for (String secret : List.of(settings.accessKey(), settings.secretKey())) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    /** Checks that the bucket answers; when it does not, warns once with the fix. The server starts either way. */
    @Override
    public Future<Void> prepare() {
        return call("checking the bucket", () -> client.headBucket(b -> b.bucket(settings.bucket())))
                .<Void>mapEmpty()
                .onSuccess(v -> LOG.info("objects are stored in {}", settings.describe()))
                .recover(e -> {
                    LOG.warn("{}. Object uploads and downloads answer 503 until it does: check s3_endpoint, s3_bucket and"
                            + " the credentials (s3_access_key / s3_secret_key or the AWS chain).", e.getMessage());
                    return Future.succeededFuture();
                });
    }

    @Override
    public Future<Upload> create(String location) {
        return Future.succeededFuture(new S3Upload(this, bucketKey(location)));
    }

    @Override
    public Future<Download> open(String location) {
        String key = bucketKey(location);
        Context context = vertx.getOrCreateContext();
        return call("reading object " + location, () -> {
            try {
                return client.getObject(b -> b.bucket(settings.bucket()).key(key));
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException(location);
            }
        }).map(in -> new Download(new BlockingReadStream(context, workers, source(in), READ_CHUNK), in.response().contentLength()));
    }

    private static BlockingReadStream.Source source(ResponseInputStream<GetObjectResponse> in) {
        return new BlockingReadStream.Source() {
            public InputStream in() {
                return in;
            }

            public void close(boolean abort) {
                if (abort) {
                    in.abort();
                }
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.debug("closing an S3 download: {}", e.toString());
                }
            }
        };
    }

    @Override
    public Future<Void> delete(String location) {
        String key = bucketKey(location);
        return call("deleting object " + location, () -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key))).mapEmpty();
    }

    @Override
    public Future<Void> deleteAll(String prefix) {
        String folder = bucketKey(prefix) + "/";
        return call("deleting the objects under " + prefix, () -> {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(folder)).contents()) {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == DELETE_BATCH) {
                    deleteBatch(batch);
                }
            }
            deleteBatch(batch);
            return null;
        });
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            client.deleteObjects(b -> b.bucket(settings.bucket()).delete(Delete.builder().objects(List.copyOf(batch)).quiet(true).build()));
            batch.clear();
        }
    }

    /**
     * Aborts multipart uploads older than the orphan age (a crash or a lost connection mid-upload), and deletes
     * objects older than it that have no index row (a crash between completing the upload and committing the row,
     * or a delete of the bytes that failed after the row went). Returns how many it removed.
     */
    @Override
    public Future<Integer> sweep(Function<String, Future<Boolean>> indexed) {
        Instant cutoff = Instant.now().minus(orphanAge);
        return call("sweeping orphans", () -> {
            int aborted = 0;
            for (MultipartUpload u : client.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix())).uploads()) {
                if (u.initiated() != null && u.initiated().isBefore(cutoff)) {
                    client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                }
            }
            List<String> old = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix())).contents()) {
                if (o.lastModified() != null && o.lastModified().isBefore(cutoff)) {
                    old.add(o.key().substring(settings.prefix().length()));
                }
            }
            return new Swept(aborted, old);
        }).compose(swept -> {
            Future<Integer> chain = Future.succeededFuture(swept.aborted());
            for (String location : swept.candidates()) {
                chain = chain.compose(n -> indexed.apply(location).compose(has -> has ? Future.succeededFuture(n)
                        : delete(location).map(v -> n + 1)));
            }
            return chain;
        }).onSuccess(n -> {
            if (n > 0) {
                LOG.info("removed {} orphaned uploads or objects from {}", n, settings.describe());
            }
        });
    }

    private record Swept(int aborted, List<String> candidates) {
    }

    @Override
    public void close() {
        workers.close();
        client.close();
    }
}
