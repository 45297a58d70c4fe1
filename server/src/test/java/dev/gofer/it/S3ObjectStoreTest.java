package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object store test of {@link ObjectStoreTest} again with {@code object_store: s3} against a real S3 HTTP
 * server (S3Mock, in-process), plus what only S3 has: the bytes are in the bucket under the prefix, and they
 * leave it when the key is deleted or evicted.
 */
class S3ObjectStoreTest extends ObjectStoreTest {
    private static TestS3 s3;

    @BeforeAll
    @Override
    void start() {
        GoferTestServer.requireDocker();
        s3 = TestS3.open();
        gofer = GoferTestServer.start(null, s -> s3.configure(s.withObjectLimits(SIZE_LIMIT, PIPELINE_LIMIT, RUN_EXPIRY)));
    }

    @AfterAll
    @Override
    void stop() {
        super.stop();
        if (s3 != null) {
            s3.close();
        }
    }

    private static List<String> bucketKeys(String pipeline) {
        String folder = TestS3.PREFIX + "pipeline/default/" + pipeline + "/";
        return s3.keys().stream().filter(k -> k.startsWith(folder)).map(k -> k.substring(folder.length())).toList();
    }

    @Test
    void theBytesLiveInTheBucketAndLeaveItOnDeleteAndEviction() {
        gofer.deploy(pipeline("s3-bytes", task("t", "true")));
        String base = objects("s3-bytes");
        for (String k : List.of("a", "b", "c")) {
            assertEquals(201, gofer.postBytes(base + "/" + k, ("bytes of " + k).getBytes()).status());
        }
        assertEquals(List.of("a", "b", "c"), bucketKeys("s3-bytes"));
        assertEquals("bytes of b", new String(s3.client().getObjectAsBytes(r -> r.bucket(s3.bucket)
                .key(TestS3.PREFIX + "pipeline/default/s3-bytes/b")).asByteArray()));

        JsonObject res = gofer.postBytes(base + "/d", "bytes of d".getBytes()).json();
        assertEquals("a", res.getJsonObject("object_evicted").getString("key"), res.encode());
        assertEquals(List.of("b", "c", "d"), bucketKeys("s3-bytes"), "the evicted object left the bucket");

        assertEquals(204, gofer.delete(base + "/c").status());
        assertEquals(List.of("b", "d"), bucketKeys("s3-bytes"), "a deleted object left the bucket");
        assertEquals(201, gofer.postBytes(base + "/empty", new byte[0]).status());
        assertEquals("", gofer.get(base + "/empty").body(), "an empty object is stored and read back");
        assertEquals(List.of(), s3.pendingUploads(), "every multipart upload was completed");
    }

    @Test
    @Override
    void runObjectsReachTasksAndExpireAfterNewerRuns() {
        super.runObjectsReachTasksAndExpireAfterNewerRuns();
        // only the first run had an object, and it expired: nothing of this pipeline's runs is left in the bucket
        assertTrue(s3.keys().stream().noneMatch(k -> k.startsWith(TestS3.PREFIX + "run/default/obj-runs/")),
                "the expired run's objects left the bucket: " + s3.keys());
    }
}
