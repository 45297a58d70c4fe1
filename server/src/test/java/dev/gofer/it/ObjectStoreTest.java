package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pipeline and run objects over the API and into real containers: force, limits, eviction, expiry. On the
 * filesystem store; {@link S3ObjectStoreTest} runs every test here again on S3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStoreTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    static final int PIPELINE_LIMIT = 3;
    static final int RUN_EXPIRY = 2;
    static final long SIZE_LIMIT = 1024 * 1024;
    static GoferTestServer gofer;

    /** Instance methods (one instance for the class), so that {@link S3ObjectStoreTest} can override them. */
    @BeforeAll
    void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start(null, s -> s.withObjectLimits(SIZE_LIMIT, PIPELINE_LIMIT, RUN_EXPIRY));
    }

    @AfterAll
    void stop() {
        if (gofer != null) {
            gofer.close();
        }
    }

    static String objects(String pipeline) {
        return GoferTestServer.pipelines("default") + "/" + pipeline + "/objects";
    }

    static List<String> keys(GoferTestServer.Response list) {
        return list.json().getJsonArray("objects").stream().map(o -> ((JsonObject) o).getString("key")).toList();
    }

    @Test
    void putGetListDeleteAndForce() {
        gofer.deploy(pipeline("obj-basics", task("t", "true")));
        String base = objects("obj-basics");
        GoferTestServer.Response put = gofer.postBytes(base + "/notes.txt", "first".getBytes());
        assertEquals(201, put.status(), put.body());
        assertEquals("notes.txt", put.json().getJsonObject("object").getString("key"));
        assertTrue(put.json().getJsonObject("object").getLong("created") > 0);

        GoferTestServer.Response again = gofer.postBytes(base + "/notes.txt", "second".getBytes());
        assertEquals(409, again.status(), again.body());
        assertTrue(again.json().getString("message").contains("force=true"), again.body());
        assertEquals("first", gofer.get(base + "/notes.txt").body(), "a refused put changes nothing");

        assertEquals(201, gofer.postBytes(base + "/notes.txt?force=true", "second".getBytes()).status());
        assertEquals("second", gofer.get(base + "/notes.txt").body());
        assertEquals(List.of("notes.txt"), keys(gofer.get(base)));

        assertEquals(204, gofer.delete(base + "/notes.txt").status());
        assertEquals(404, gofer.get(base + "/notes.txt").status());
        assertEquals(404, gofer.delete(base + "/notes.txt").status());
        assertEquals(List.of(), keys(gofer.get(base)));
    }

    @Test
    void extensionsHaveTheirOwnObjectStore() {
        String base = "/api/extensions/cron/objects";
        assertEquals(201, gofer.postBytes(base + "/state.json", "{}".getBytes()).status());
        assertEquals("{}", gofer.get(base + "/state.json").body());
        assertEquals(List.of("state.json"), keys(gofer.get(base)));
        assertEquals(List.of(), keys(gofer.get("/api/extensions/other/objects")), "private per extension");
        assertEquals(400, gofer.get("/api/extensions/Bad%20Id/objects").status());
        assertEquals(204, gofer.delete(base + "/state.json").status());
    }

    @Test
    void badKeysAndOversizedObjectsAreRefusedAndStoreNothing() {
        gofer.deploy(pipeline("obj-limits", task("t", "true")));
        String base = objects("obj-limits");
        GoferTestServer.Response bad = gofer.postBytes(base + "/a%20b", "x".getBytes());
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.json().getString("message").contains("letters, digits"), bad.body());

        GoferTestServer.Response big = gofer.postBytes(base + "/big", new byte[(int) SIZE_LIMIT + 1]);
        assertEquals(413, big.status(), big.body());
        assertTrue(big.json().getString("message").contains("object_size_limit"), big.body());
        assertEquals(List.of(), keys(gofer.get(base)));
        assertEquals(201, gofer.postBytes(base + "/exact", new byte[(int) SIZE_LIMIT]).status(), "the limit itself is allowed");

        assertEquals(404, gofer.postBytes(objects("no-such-pipeline") + "/k", "x".getBytes()).status());
    }

    @Test
    void aNewKeyBeyondThePipelineLimitEvictsTheOldest() {
        gofer.deploy(pipeline("obj-evict", task("t", "true")));
        String base = objects("obj-evict");
        for (String k : List.of("a", "b", "c")) {
            JsonObject res = gofer.postBytes(base + "/" + k, k.getBytes()).json();
            assertTrue(res.getValue("object_evicted") == null, res.encode());
        }
        JsonObject overwrite = gofer.postBytes(base + "/b?force=true", "b2".getBytes()).json();
        assertTrue(overwrite.getValue("object_evicted") == null, "replacing a key evicts nothing: " + overwrite);

        JsonObject res = gofer.postBytes(base + "/d", "d".getBytes()).json();
        assertEquals("a", res.getJsonObject("object_evicted").getString("key"), res.encode());
        assertEquals(PIPELINE_LIMIT, res.getInteger("object_limit"));
        assertEquals(List.of("c", "b", "d"), keys(gofer.get(base)), "oldest first; replacing b made it the newest but one");
        assertEquals(404, gofer.get(base + "/a").status());

        // the eviction is an event too, naming the pipeline and the key
        List<JsonObject> evictions = EventStreamTest.finite(gofer, "?history=true&follow=false").stream()
                .filter(e -> EventStream.kind(e).equals("evicted_pipeline_object")
                        && "obj-evict".equals(EventStream.details(e).getString("pipeline_id"))).toList();
        assertEquals(1, evictions.size(), evictions.toString());
        assertEquals(new JsonObject().put("namespace_id", "default").put("pipeline_id", "obj-evict").put("key", "a"),
                EventStream.details(evictions.get(0)));
    }

    @Test
    void anObjectPassesFromOneRunToTheNextThroughPipelineObjects() {
        // The first run's task puts the object over HTTP from inside its container, with the API token Gofer
        // injects into its run (inject_api_token); the next run's task receives it as a variable.
        gofer.deploy(pipeline("obj-handoff",
                task("produce", "if [ -z \"$IN\" ]; then wget -q -O- --header \"Authorization: Bearer $GOFER_API_TOKEN\" "
                        + "--post-data \"made-by-run-$GOFER_RUN_ID\" "
                        + "\"$GOFER_API_URL/api/namespaces/$GOFER_NAMESPACE_ID/pipelines/$GOFER_PIPELINE_ID/objects/handoff?force=true\"; "
                        + "else echo \"got: $IN\"; fi").put("inject_api_token", true)));
        long first = gofer.startRun("obj-handoff", Map.of());
        assertEquals("successful", gofer.awaitRun("obj-handoff", first, DEADLINE).getString("status"),
                () -> gofer.logs("obj-handoff", first, "produce"));
        assertEquals("made-by-run-" + first, gofer.get(objects("obj-handoff") + "/handoff").body());

        long second = gofer.startRun("obj-handoff", Map.of("IN", "pipeline_object{{handoff}}"));
        assertEquals("successful", gofer.awaitRun("obj-handoff", second, DEADLINE).getString("status"));
        assertEquals("got: made-by-run-" + first + "\n", gofer.logs("obj-handoff", second, "produce"));
        JsonArray vars = gofer.tasks("obj-handoff", second).get("produce").getJsonArray("variables");
        assertTrue(vars.encode().contains("pipeline_object{{handoff}}"), "stored variables keep the placeholder: " + vars);
    }

    @Test
    void runObjectsReachTasksAndExpireAfterNewerRuns() {
        // The task waits for the test to put its run object, then reads it through run_object{{...}} in a child.
        gofer.deploy(pipeline("obj-runs",
                task("wait", "sleep 3"),
                Pipelines.dependsOn(task("read", "echo \"payload=$PAYLOAD\"")
                        .put("variables", new JsonObject().put("PAYLOAD", "run_object{{payload.json}}")), "wait", "success")));
        long run1 = gofer.startRun("obj-runs", Map.of());
        String runObjects = GoferTestServer.pipelines("default") + "/obj-runs/runs/" + run1 + "/objects";
        GoferTestServer.Response put = gofer.postBytes(runObjects + "/payload.json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, put.status(), put.body());
        assertEquals("successful", gofer.awaitRun("obj-runs", run1, DEADLINE).getString("status"));
        assertEquals("payload={\"n\":1}\n", gofer.logs("obj-runs", run1, "read"));
        assertFalse(gofer.run("obj-runs", run1).getBoolean("store_objects_expired"));

        // A run that never got the object fails its reader with failed_precondition, naming the key.
        long run2 = gofer.startRun("obj-runs", Map.of());
        JsonObject failed = gofer.awaitRun("obj-runs", run2, DEADLINE);
        assertEquals("failed", failed.getString("status"));
        JsonObject reader = gofer.tasks("obj-runs", run2).get("read");
        assertEquals("failed_precondition", reader.getJsonObject("status_reason").getString("reason"));
        assertTrue(reader.getJsonObject("status_reason").getString("description").contains("payload.json"), reader.encode());
        assertFalse(gofer.run("obj-runs", run1).getBoolean("store_objects_expired"), "1 newer run: run 1 keeps its objects");

        // With expiry 2, run 1's objects go when run 3 starts.
        long run3 = gofer.startRun("obj-runs", Map.of());
        JsonObject expired = gofer.awaitRunState("obj-runs", run1, r -> r.getBoolean("store_objects_expired"), DEADLINE);
        assertTrue(expired.getBoolean("store_objects_expired"));
        assertEquals(404, gofer.get(runObjects + "/payload.json").status());
        assertEquals(List.of(), keys(gofer.get(runObjects)));
        assertEquals(409, gofer.postBytes(runObjects + "/late", "x".getBytes()).status(), "an expired run takes no objects");
        gofer.awaitRun("obj-runs", run3, DEADLINE);
        assertFalse(gofer.run("obj-runs", run2).getBoolean("store_objects_expired"));
    }
}
