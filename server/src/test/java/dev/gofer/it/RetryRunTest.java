package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Re-run from failure ({@code POST .../runs/{run}/retry}) with real containers, on each store. */
@DisplayName("Re-run from failure")
class RetryRunTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        if (gofer != null) {
            gofer.close();
        }
    }

    private static String runPath(String pipeline, long run) {
        return GoferTestServer.pipelines("default") + "/" + pipeline + "/runs/" + run;
    }

    private static long retry(String pipeline, long run, String body) {
        return retry(gofer, pipeline, run, body);
    }

    private static long retry(GoferTestServer as, String pipeline, long run, String body) {
        GoferTestServer.Response res = as.post(runPath(pipeline, run) + "/retry", body);
        assertEquals(201, res.status(), res.body());
        return res.json().getJsonObject("run").getLong("run_id");
    }

    private static String[] labels(String pipeline, long run) {
        return new String[] {"gofer.instance=" + ServerSettings.forDataDir(gofer.dataDir, 0).instanceId(),
                "gofer.pipeline=" + pipeline, "gofer.run=" + run};
    }

    /** a → b → c → d; c fails in run 1 only. */
    private static String fourTasks() {
        String id = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        gofer.deploy(pipeline(id,
                task("a", "echo a ran in $GOFER_RUN_ID"),
                dependsOn(task("b", "echo b ran in $GOFER_RUN_ID; exit 0"), "a", "success"),
                dependsOn(task("c", "echo c ran; [ \"$GOFER_RUN_ID\" -gt 1 ]"), "b", "success"),
                dependsOn(task("d", "echo d ran"), "c", "success")));
        return id;
    }

    @Test
    @DisplayName("retry of a run whose third task failed reuses the two successful tasks (no container) and runs the rest; --from re-runs a task and its dependants")
    void reusesWhatSucceeded() {
        String p = fourTasks();
        String since = EngineEvents.now();
        long first = gofer.startRun(p, Map.of("COLOUR", "blue"));
        assertEquals("failed", gofer.awaitRun(p, first, DEADLINE).getString("status"));
        assertEquals(201, gofer.post(runPath(p, first) + "/objects/notes?force=true", "kept for the retry").status());

        // asked by another user, with just the permission of starting a run
        Tokens.Issued runner = Tokens.withRole(gofer, "runner-" + p, Tokens.permission("read,write", "namespaces:default", "pipelines:" + p, "runs"));
        long second = retry(gofer.as(runner.secret()), p, first, "");
        JsonObject run = gofer.awaitRun(p, second, DEADLINE);
        Map<String, JsonObject> tasks = gofer.tasks(p, second);

        assertEquals("successful", run.getString("status"), tasks.toString());
        assertEquals(List.of(), EngineEvents.createdTasks(since, labels(p, second)).stream().filter(t -> t.equals("a") || t.equals("b")).toList(),
                "no container was created for the reused tasks");
        assertEquals(List.of("c", "d"), EngineEvents.createdTasks(since, labels(p, second)));
        for (String reused : List.of("a", "b")) {
            assertEquals("successful", tasks.get(reused).getString("status"));
            assertEquals(first, tasks.get(reused).getLong("reused_from_run"));
            assertEquals(0, tasks.get(reused).getInteger("exit_code"));
        }
        assertNull(tasks.get("c").getLong("reused_from_run"));
        assertEquals("a ran in " + first + "\n", gofer.logs(p, second, "a"), "the reused task's log, read through the new run");
        assertEquals("c ran\n", gofer.logs(p, second, "c"));
        assertEquals(1, run.getLong("pipeline_config_version"));
        assertTrue(run.getJsonArray("variables").stream().anyMatch(v -> ((JsonObject) v).getString("key").equals("COLOUR")
                && ((JsonObject) v).getString("value").equals("blue")), "the original's variables: " + run);
        assertEquals("kept for the retry", gofer.get(runPath(p, second) + "/objects/notes").body(), "run objects are copied");
        JsonObject event = gofer.get("/api/events?history=true&follow=false").body().lines()
                .filter(line -> line.startsWith("data: ")).map(line -> new JsonObject(line.substring(6)).getJsonObject("kind"))
                .map(kind -> kind.getJsonObject("retried_run")).filter(details -> details != null
                        && details.getLong("run_id") == second && p.equals(details.getString("pipeline_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no retried_run event"));
        assertEquals(first, event.getLong("retried_run_id"));
        assertEquals("user-of-runner-" + p, run.getJsonObject("initiator").getString("user"), "the initiator is who asked: " + run);

        // --from b: b, c and d run again though all succeeded; a is reused from the run that ran it
        long third = retry(p, second, "{\"from\": [\"b\"]}");
        assertEquals("successful", gofer.awaitRun(p, third, DEADLINE).getString("status"));
        assertEquals(List.of("b", "c", "d"), EngineEvents.createdTasks(since, labels(p, third)));
        Map<String, JsonObject> again = gofer.tasks(p, third);
        assertEquals(first, again.get("a").getLong("reused_from_run"), "a still names the run that ran it");
        assertEquals("b ran in " + third + "\n", gofer.logs(p, third, "b"));
    }

    @Test
    @DisplayName("409 while the original still runs, 400 naming an unknown task or a malformed body; nothing is started")
    void refusals() {
        String p = "retry-busy-" + UUID.randomUUID().toString().substring(0, 8);
        gofer.deploy(pipeline(p, task("wait", "sleep 30")));
        long run = gofer.startRun(p, Map.of());

        GoferTestServer.Response busy = gofer.post(runPath(p, run) + "/retry", "");
        assertEquals(409, busy.status(), busy.body());
        assertTrue(busy.body().contains("is still running"), busy.body());

        assertEquals(204, gofer.delete(runPath(p, run)).status());
        gofer.awaitRun(p, run, DEADLINE);
        GoferTestServer.Response unknown = gofer.post(runPath(p, run) + "/retry", "{\"from\": [\"nope\"]}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("from: unknown task 'nope'") && unknown.body().contains("[wait]"), unknown.body());
        GoferTestServer.Response notAList = gofer.post(runPath(p, run) + "/retry", "{\"from\": \"wait\"}");
        assertEquals(400, notAList.status(), notAList.body());
        assertTrue(notAList.body().contains("from: must be a list of task ids"), notAList.body());
        GoferTestServer.Response extra = gofer.post(runPath(p, run) + "/retry", "{\"form\": [\"wait\"]}");
        assertEquals(400, extra.status(), extra.body());
        assertTrue(extra.body().contains("form: unknown field"), extra.body());
        GoferTestServer.Response missing = gofer.post(runPath(p, 99) + "/retry", "");
        assertEquals(404, missing.status(), missing.body());

        assertEquals(1, gofer.get(GoferTestServer.pipelines("default") + "/" + p + "/runs").json().getJsonArray("runs").size(),
                "no run was created by the refused retries");
    }
}
