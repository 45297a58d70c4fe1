package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.testing.Command;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs of real busybox containers through the whole server: DAG order, conditions, env, logs, cancel. */
class RunExecutionTest {
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

    @Test
    void tasksWithoutDependenciesRunInParallel() {
        gofer.deploy(pipeline("parallel-roots", task("one", "sleep 2"), task("two", "sleep 2"), task("three", "sleep 2")));
        long run = gofer.startRun("parallel-roots", Map.of());
        JsonObject result = gofer.awaitRun("parallel-roots", run, DEADLINE);
        assertEquals("successful", result.getString("status"));
        List<JsonObject> tasks = List.copyOf(gofer.tasks("parallel-roots", run).values());
        long lastStart = tasks.stream().mapToLong(t -> t.getLong("started")).max().orElseThrow();
        long firstEnd = tasks.stream().mapToLong(t -> t.getLong("ended")).min().orElseThrow();
        assertTrue(lastStart < firstEnd, "all three containers should have been running at the same time: " + tasks);
    }

    @Test
    void conditionsDecideWhatRunsAndWhatIsSkippedTransitively() {
        gofer.deploy(pipeline("conditions",
                task("build", "echo building; exit 4"),
                dependsOn(task("on-failure", "echo cleaning up"), "build", "failure"),
                dependsOn(task("on-success", "echo deploying"), "build", "success"),
                dependsOn(task("after-deploy", "echo notify"), "on-success", "success"),
                dependsOn(task("always", "echo always"), "build", "any")));
        long run = gofer.startRun("conditions", Map.of());
        JsonObject result = gofer.awaitRun("conditions", run, DEADLINE);
        Map<String, JsonObject> tasks = gofer.tasks("conditions", run);

        assertEquals("failed", result.getString("status"), "a run with a failed task fails");
        assertEquals("abnormal_exit", result.getJsonObject("status_reason").getString("reason"));
        assertEquals("failed", tasks.get("build").getString("status"));
        assertEquals(4, tasks.get("build").getInteger("exit_code"));
        assertEquals("abnormal_exit", tasks.get("build").getJsonObject("status_reason").getString("reason"));
        assertEquals("successful", tasks.get("on-failure").getString("status"));
        assertEquals("successful", tasks.get("always").getString("status"));
        assertEquals("skipped", tasks.get("on-success").getString("status"));
        assertEquals("skipped", tasks.get("after-deploy").getString("status"), "skips propagate to dependants");
        assertEquals(0, tasks.get("after-deploy").getLong("started"), "a skipped task never gets a container");
        assertTrue(tasks.values().stream().allMatch(t -> t.getString("state").equals("complete")));
        assertTrue(tasks.get("on-failure").getLong("started") >= tasks.get("build").getLong("ended"),
                "a child starts only after its parent ended");
    }

    @Test
    void skippedTasksDoNotFailARun() {
        gofer.deploy(pipeline("only-skips", task("ok", "true"), dependsOn(task("on-failure", "true"), "ok", "failure")));
        long run = gofer.startRun("only-skips", Map.of());
        JsonObject result = gofer.awaitRun("only-skips", run, DEADLINE);
        assertEquals("successful", result.getString("status"));
        assertNull(result.getJsonObject("status_reason"));
        assertEquals("skipped", gofer.tasks("only-skips", run).get("on-failure").getString("status"));
    }

    @Test
    void parallelismCapsTasksRunningAtOnce() {
        JsonObject config = pipeline("capped", task("a", "sleep 1"), task("b", "sleep 1"), task("c", "sleep 1"));
        config.put("parallelism", 1);
        gofer.deploy(config);
        long run = gofer.startRun("capped", Map.of());
        assertEquals("successful", gofer.awaitRun("capped", run, DEADLINE).getString("status"));
        List<JsonObject> tasks = gofer.tasks("capped", run).values().stream()
                .sorted((x, y) -> Long.compare(x.getLong("started"), y.getLong("started"))).toList();
        for (int i = 1; i < tasks.size(); i++) {
            assertTrue(tasks.get(i).getLong("started") >= tasks.get(i - 1).getLong("ended"),
                    "with parallelism 1 no two tasks overlap: " + tasks);
        }
    }

    @Test
    void containersGetSystemRunAndTaskVariablesWithConfigWinning() {
        JsonObject t = task("env", "echo ns=$GOFER_NAMESPACE_ID p=$GOFER_PIPELINE_ID run=$GOFER_RUN_ID task=$GOFER_TASK_ID "
                + "image=$GOFER_TASK_IMAGE; echo from_run=$FROM_RUN; echo both=$BOTH");
        t.getJsonObject("variables").put("BOTH", "config-value");
        gofer.deploy(pipeline("env-vars", t));
        long run = gofer.startRun("env-vars", Map.of("FROM_RUN", "run-value", "BOTH", "run-value"));
        assertEquals("successful", gofer.awaitRun("env-vars", run, DEADLINE).getString("status"));
        String log = gofer.logs("env-vars", run, "env");
        assertTrue(log.contains("ns=default p=env-vars run=" + run + " task=env image=busybox:latest"), log);
        assertTrue(log.contains("from_run=run-value"), log);
        assertTrue(log.contains("both=config-value"), "the pipeline config wins over run variables: " + log);
    }

    @Test
    void logsHoldStdoutAndStderrAndContainersAreRemoved() {
        gofer.deploy(pipeline("logs", task("print", "echo to-stdout; echo to-stderr >&2; exit 0")));
        long run = gofer.startRun("logs", Map.of());
        gofer.awaitRun("logs", run, DEADLINE);
        String log = gofer.logs("logs", run, "print");
        assertTrue(log.contains("to-stdout") && log.contains("to-stderr"), log);
        gofer.awaitNoContainers("gofer.pipeline=logs"); // removed once logs and the task's end are stored
    }

    @Test
    void followingLogsStreamsLinesWhileTheTaskRuns() throws Exception {
        gofer.deploy(pipeline("follow", task("slow", "echo first; sleep 2; echo second; sleep 1; echo third")));
        long run = gofer.startRun("follow", Map.of());
        HttpRequest req = gofer.authorized(HttpRequest.newBuilder(URI.create(gofer.url(GoferTestServer.pipelines("default")
                + "/follow/runs/" + run + "/tasks/slow/logs?follow=true")))).build();
        HttpResponse<InputStream> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode());
        StringBuilder seen = new StringBuilder();
        try (InputStream in = res.body()) {
            byte[] buf = new byte[256];
            while (!seen.toString().contains("first")) {
                int n = in.read(buf);
                assertTrue(n > 0, "stream ended before the first line: " + seen);
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            JsonObject task = gofer.tasks("follow", run).get("slow");
            // the store may not say running yet (the first line can beat the start's bookkeeping), but never complete
            assertTrue(!task.getString("state").equals("complete"), "the first line arrived while the container was still running: " + task);
            seen.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)); // ends when the task ends
        }
        assertEquals("first\nsecond\nthird\n", seen.toString());
        // the log is whole once the stream ends; the task's end is stored right after (not necessarily before)
        gofer.awaitTask("follow", run, "slow", t -> t.getString("state").equals("complete"), Duration.ofSeconds(10));
    }

    @Test
    void followingTheLogOfAFinishedTaskReturnsItAndEnds() {
        gofer.deploy(pipeline("follow-done", task("quick", "echo done")));
        long run = gofer.startRun("follow-done", Map.of());
        gofer.awaitRun("follow-done", run, DEADLINE);
        var res = gofer.get(GoferTestServer.pipelines("default") + "/follow-done/runs/" + run + "/tasks/quick/logs?follow=true");
        assertEquals("done\n", res.body());
    }

    @Test
    void cancellingARunStopsItsContainersAndCancelsWaitingTasks() {
        gofer.deploy(pipeline("cancel-me", task("long", "sleep 300"), dependsOn(task("after", "echo never"), "long", "any")));
        long run = gofer.startRun("cancel-me", Map.of());
        gofer.awaitTask("cancel-me", run, "long", t -> t.getString("state").equals("running"), DEADLINE);

        var res = gofer.delete(GoferTestServer.pipelines("default") + "/cancel-me/runs/" + run);
        assertEquals(204, res.status(), res.body());
        JsonObject result = gofer.awaitRun("cancel-me", run, Duration.ofSeconds(20));
        Map<String, JsonObject> tasks = gofer.tasks("cancel-me", run);
        assertEquals("cancelled", result.getString("status"));
        assertEquals("user_cancelled", result.getJsonObject("status_reason").getString("reason"));
        assertEquals("cancelled", tasks.get("long").getString("status"));
        assertEquals("cancelled", tasks.get("after").getString("status"));
        gofer.awaitNoContainers("gofer.pipeline=cancel-me");

        var again = gofer.delete(GoferTestServer.pipelines("default") + "/cancel-me/runs/" + run);
        assertEquals(409, again.status(), "cancelling a finished run is a conflict: " + again.body());
    }

    @Test
    void runsUseTheLiveConfigVersionAndAreNumberedPerPipeline() {
        gofer.deploy(pipeline("versions", task("v", "echo one")));
        JsonObject second = pipeline("versions", task("v", "echo two"));
        var reg = gofer.post(GoferTestServer.pipelines("default") + "/versions/configs",
                new JsonObject().put("config", second).encode());
        assertEquals(201, reg.status());
        assertEquals("unreleased", reg.json().getJsonObject("pipeline").getJsonObject("config").getString("state"));

        long first = gofer.startRun("versions", Map.of());
        gofer.awaitRun("versions", first, DEADLINE);
        assertEquals(1, gofer.run("versions", first).getLong("pipeline_config_version"), "registering alone does not deploy");
        assertEquals("one\n", gofer.logs("versions", first, "v"));

        var deployed = gofer.post(GoferTestServer.pipelines("default") + "/versions/configs/2", "");
        assertEquals(201, deployed.status());
        assertEquals(1, deployed.json().getJsonObject("deployment").getLong("start_version"));
        assertEquals(2, deployed.json().getJsonObject("deployment").getLong("end_version"));
        long next = gofer.startRun("versions", Map.of());
        assertEquals(first + 1, next);
        gofer.awaitRun("versions", next, DEADLINE);
        assertEquals("two\n", gofer.logs("versions", next, "v"));
        var configs = gofer.get(GoferTestServer.pipelines("default") + "/versions/configs").json().getJsonArray("configs");
        assertEquals("deprecated", configs.getJsonObject(0).getString("state"));
        assertEquals("live", configs.getJsonObject(1).getString("state"));

        var newest = gofer.get(GoferTestServer.pipelines("default") + "/versions/runs?reverse=true&limit=1").json().getJsonArray("runs");
        assertEquals(1, newest.size());
        assertEquals(next, newest.getJsonObject(0).getLong("run_id"));
    }

    @Test
    void aMissingImageFailsTheTaskWithASchedulerError() {
        JsonObject t = task("ghost", "true");
        t.put("image", "gofer-test/does-not-exist:1");
        gofer.deploy(pipeline("ghost-image", t));
        long run = gofer.startRun("ghost-image", Map.of());
        JsonObject result = gofer.awaitRun("ghost-image", run, DEADLINE);
        JsonObject task = gofer.tasks("ghost-image", run).get("ghost");
        assertEquals("failed", task.getString("status"));
        assertEquals("scheduler_error", task.getJsonObject("status_reason").getString("reason"));
        assertTrue(task.getJsonObject("status_reason").getString("description").contains("gofer-test/does-not-exist:1"),
                task.encode());
        assertEquals("scheduler_error", result.getJsonObject("status_reason").getString("reason"));
    }

    @Test
    void aCommandThatDoesNotExistFailsTheTaskAndLeavesNoContainer() {
        JsonObject t = task("missing", "true");
        t.put("command", new io.vertx.core.json.JsonArray().add("/no/such/binary"));
        gofer.deploy(pipeline("no-binary", t));
        long run = gofer.startRun("no-binary", Map.of());
        gofer.awaitRun("no-binary", run, DEADLINE);
        JsonObject task = gofer.tasks("no-binary", run).get("missing");
        assertEquals("failed", task.getString("status"));
        assertEquals("scheduler_error", task.getJsonObject("status_reason").getString("reason"));
        // created, then refused by `docker start`: removed before the failure is reported, so none is left Created
        String[] labels = {"gofer.pipeline=no-binary", "gofer.run=" + run,
                "gofer.instance=" + dev.gofer.config.ServerSettings.forDataDir(gofer.dataDir, 0).instanceId()};
        try {
            assertEquals(0, GoferTestServer.containersLabelled(labels));
        } finally {
            Command.removeContainers(labels); // only when the assertion failed: none should be there
        }
    }
}
