package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.S3Settings;
import dev.gofer.config.ServerSettings;
import dev.gofer.objects.S3Backend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What happens when S3 fails: the put answers 503 naming the endpoint and the bucket (never the credentials) and
 * leaves no index row; a crash between the upload and the index row leaves nothing visible, and the sweeper
 * removes what it left in the bucket.
 */
class S3FailureTest {
    private static final long MULTI_PART = 6L * 1024 * 1024;

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertUnavailable(GoferTestServer.Response res, String endpoint, String bucket) {
        assertEquals(503, res.status(), res.body());
        String message = res.json().getString("message");
        assertTrue(message.contains(endpoint) && message.contains("'" + bucket + "'"), "names endpoint and bucket: " + message);
        assertFalse(res.body().contains(TestS3.ACCESS_KEY) || res.body().contains(TestS3.SECRET_KEY), "no credential: " + res.body());
    }

    @Test
    void aWrongEndpointAnswers503NamingEndpointAndBucketAndStoresNothing() {
        String endpoint = "http://127.0.0.1:" + closedPort();
        try (TestS3 s3 = TestS3.open();
             GoferTestServer gofer = GoferTestServer.start(null, s -> s3.configure(s, endpoint))) {
            gofer.deploy(pipeline("s3-down", task("t", "true")));
            String base = ObjectStoreTest.objects("s3-down");
            assertUnavailable(gofer.postBytes(base + "/small", "x".getBytes()), endpoint, s3.bucket);
            assertUnavailable(gofer.postBytes(base + "/multi-part", new byte[(int) MULTI_PART]), endpoint, s3.bucket);
            assertEquals(List.of(), ObjectStoreTest.keys(gofer.get(base)), "no index row for an object not stored");
            assertEquals(404, gofer.get(base + "/small").status());
        }
    }

    @Test
    void anS3ServerThatStopsAnswers503AndKeepsTheIndexAsItWas() {
        try (TestS3 s3 = TestS3.open(); GoferTestServer gofer = GoferTestServer.start(null, s3::configure)) {
            gofer.deploy(pipeline("s3-stops", task("t", "true")));
            String base = ObjectStoreTest.objects("s3-stops");
            assertEquals(201, gofer.postBytes(base + "/kept", "kept".getBytes()).status());
            String endpoint = s3.endpoint();
            s3.stopServer();
            assertUnavailable(gofer.postBytes(base + "/lost", "lost".getBytes()), endpoint, s3.bucket);
            assertUnavailable(gofer.get(base + "/kept"), endpoint, s3.bucket);
            assertEquals(List.of("kept"), ObjectStoreTest.keys(gofer.get(base)), "the failed put left no row");
        }
    }

    @Test
    void aCrashBeforeTheIndexRowLeavesNothingVisibleAndTheSweeperRemovesIt() throws Exception {
        try (TestS3 s3 = TestS3.open(); GoferTestServer gofer = GoferTestServer.start(null, s3::configure)) {
            gofer.deploy(pipeline("s3-crash", task("t", "true")));
            String base = ObjectStoreTest.objects("s3-crash");
            assertEquals(201, gofer.postBytes(base + "/kept", "kept".getBytes()).status());
            Vertx vertx = gofer.vertx();
            S3Settings settings = s3.configure(ServerSettings.forDataDir(Files.createTempDirectory("gofer-s3-crash"), 0)).s3();
            // What a server that crashes at each point leaves: the same backend as Gofer's, without an index.
            S3Backend backend = new S3Backend(vertx, settings, 1L << 30, Duration.ZERO);
            try {
                String folder = "pipeline/default/s3-crash/";
                // crashed mid-upload: one part sent, the upload never completed
                onVertx(vertx, () -> backend.create(folder + "half").compose(u -> u.stream().write(Buffer.buffer(new byte[(int) MULTI_PART]))
                        .compose(v -> u.seal())));
                // crashed after completing the upload, before the index row committed
                onVertx(vertx, () -> backend.create(folder + "whole").compose(u -> u.stream().write(Buffer.buffer("whole"))
                        .compose(v -> u.seal()).compose(v -> u.publish())));
                assertEquals(List.of(TestS3.PREFIX + folder + "half"), s3.pendingUploads());
                assertTrue(s3.keys().contains(TestS3.PREFIX + folder + "whole"));
                assertEquals(404, gofer.get(base + "/half").status(), "an upload not completed is not visible");
                assertEquals(404, gofer.get(base + "/whole").status(), "bytes without an index row are not visible");
                assertEquals(List.of("kept"), ObjectStoreTest.keys(gofer.get(base)));

                // the sweeper (age 0 here; a day in the server) asks the index about each location it finds
                int removed = onVertx(vertx, () -> backend.sweep(location -> vertx.executeBlocking(() ->
                        gofer.get("/api/namespaces/default/pipelines/s3-crash/objects/" + location.substring(folder.length())).status() == 200)));
                assertEquals(2, removed);
                assertEquals(List.of(), s3.pendingUploads());
                assertEquals(List.of(TestS3.PREFIX + folder + "kept"), s3.keys(), "only the indexed object is left");
                assertEquals("kept", gofer.get(base + "/kept").body());
            } finally {
                backend.close();
            }
        }
    }

    private static <T> T onVertx(Vertx vertx, Supplier<Future<T>> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.runOnContext(v -> work.get().onSuccess(done::complete).onFailure(done::completeExceptionally));
        return done.get(60, TimeUnit.SECONDS);
    }
}
