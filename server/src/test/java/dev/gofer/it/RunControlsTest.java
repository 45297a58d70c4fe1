package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static dev.gofer.testing.Command.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.config.ServerSettings;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.PipelineConfigValidator;
import dev.gofer.testing.Command;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Timeouts, retries and resource limits with real busybox containers, through the whole server (run against
 * SQLite, then PostgreSQL): what the engine was asked ({@code docker inspect}), what the API shows, what the logs hold.
 */
@DisplayName("Run controls: timeouts, retries and resource limits on a real engine")
class RunControlsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static GoferTestServer gofer;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        gofer = GoferTestServer.start(); // task_stop_timeout is 1 s in tests
    }

    @AfterAll
    static void stop() {
        if (gofer != null) {
            gofer.close();
        }
    }

    @Test
    @DisplayName("a `sleep 600` task with timeout 2s fails as timeout and its container is gone within timeout + grace + a few seconds")
    void timeoutStopsAHungTask() {
        String id = unique("timeout");
        gofer.deploy(pipeline(id, task("hang", "sleep 600").put("timeout", "2s")));
        long run = gofer.startRun(id, Map.of());
        Instant started = Instant.now();

        JsonObject result = gofer.awaitRun(id, run, DEADLINE);
        JsonObject hang = gofer.tasks(id, run).get("hang");
        assertEquals("failed", hang.getString("status"));
        assertEquals("timeout", hang.getJsonObject("status_reason").getString("reason"));
        assertTrue(hang.getJsonObject("status_reason").getString("description").contains("2s"), hang.encode());
        assertEquals("timeout", result.getJsonObject("status_reason").getString("reason"));
        gofer.awaitNoContainers("gofer.pipeline=" + id);
        Duration took = Duration.between(started, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(2 + 1 + 5)) < 0, "stopped and removed in " + took);
    }

    @Test
    @DisplayName("a task failing until its third attempt succeeds with 3 attempts recorded and each attempt's log kept")
    void retriesUntilTheThirdAttempt() {
        String id = unique("retry");
        gofer.deploy(pipeline(id, task("flaky", "echo attempt $GOFER_TASK_ATTEMPT; [ \"$GOFER_TASK_ATTEMPT\" -ge 3 ]")
                .put("retry", new JsonObject().put("attempts", 5).put("backoff", "200ms"))));
        long run = gofer.startRun(id, Map.of());

        assertEquals("successful", gofer.awaitRun(id, run, DEADLINE).getString("status"), () -> gofer.tasks(id, run).toString());
        JsonObject flaky = gofer.tasks(id, run).get("flaky");
        assertEquals(3, flaky.getInteger("attempt"));
        JsonArray earlier = flaky.getJsonArray("attempts");
        assertEquals(2, earlier.size(), earlier.encode());
        for (int i = 0; i < 2; i++) {
            JsonObject a = earlier.getJsonObject(i);
            assertEquals(i + 1, a.getInteger("attempt"));
            assertEquals(1, a.getInteger("exit_code"));
            assertTrue(a.getLong("started") > 0 && a.getLong("ended") >= a.getLong("started"), a.encode());
        }
        assertTrue(earlier.getJsonObject(1).getLong("started") >= earlier.getJsonObject(0).getLong("ended") + 200,
                "the backoff was waited: " + earlier.encode());
        String logs = GoferTestServer.pipelines("default") + "/" + id + "/runs/" + run + "/tasks/flaky/logs";
        for (int n = 1; n <= 3; n++) {
            assertEquals("attempt " + n + "\n", gofer.get(logs + "?attempt=" + n).body());
        }
        assertEquals("attempt 3\n", gofer.get(logs).body(), "the latest attempt's log by default");
        assertEquals(400, gofer.get(logs + "?attempt=4").status());
        gofer.awaitNoContainers("gofer.pipeline=" + id);
    }

    @Test
    @DisplayName("a task that never succeeds fails after its last attempt, with that attempt's exit code")
    void retriesRunOut() {
        String id = unique("retry-out");
        gofer.deploy(pipeline(id, task("broken", "exit 7").put("retry", new JsonObject().put("attempts", 3).put("backoff", "100ms"))));
        long run = gofer.startRun(id, Map.of());

        assertEquals("failed", gofer.awaitRun(id, run, DEADLINE).getString("status"));
        JsonObject broken = gofer.tasks(id, run).get("broken");
        assertEquals(3, broken.getInteger("attempt"));
        assertEquals(7, broken.getInteger("exit_code"));
        assertEquals("abnormal_exit", broken.getJsonObject("status_reason").getString("reason"));
        assertEquals(2, broken.getJsonArray("attempts").size());
    }

    @Test
    @DisplayName("cpus and memory reach the container (docker inspect: NanoCpus, Memory)")
    void resourcesReachTheEngine() throws Exception {
        String id = unique("resources");
        gofer.deploy(pipeline(id, task("limited", "sleep 30").put("resources", new JsonObject().put("cpus", 0.5).put("memory", "64m"))));
        long run = gofer.startRun(id, Map.of());
        gofer.awaitTask(id, run, "limited", t -> "running".equals(t.getString("state")), DEADLINE);

        String inspected = docker("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}",
                docker("ps", "-q", "--filter", "label=gofer.pipeline=" + id, "--filter", "label=gofer.instance=" + instance()));
        assertEquals("500000000 67108864", inspected);

        int cancelled = gofer.delete(GoferTestServer.pipelines("default") + "/" + id + "/runs/" + run).status();
        assertTrue(cancelled / 100 == 2, "cancel answered " + cancelled);
        gofer.awaitRun(id, run, DEADLINE);
        gofer.awaitNoContainers("gofer.pipeline=" + id);
    }

    @Test
    @DisplayName("a task going past its memory limit is oom_killed")
    void memoryHogIsOomKilled() {
        String id = unique("oom");
        gofer.deploy(pipeline(id, task("hog", "head -c 200m /dev/zero | tail").put("resources", new JsonObject().put("memory", "16m"))));
        long run = gofer.startRun(id, Map.of());

        JsonObject result = gofer.awaitRun(id, run, DEADLINE);
        JsonObject hog = gofer.tasks(id, run).get("hog");
        assertEquals("failed", hog.getString("status"));
        assertEquals("oom_killed", hog.getJsonObject("status_reason").getString("reason"), hog.encode());
        assertEquals("oom_killed", result.getJsonObject("status_reason").getString("reason"));
    }

    @Test
    @DisplayName("a task whose deadline passes while Gofer is down is stopped at the next start and fails as timeout")
    void timeoutEnforcedAcrossARestart() throws IOException {
        Path dir = Files.createTempDirectory("gofer-timeout-restart");
        String id = unique("timeout-restart");
        long run;
        long deadline;
        try (GoferTestServer first = GoferTestServer.start(dir, s -> s)) {
            first.deploy(pipeline(id, task("hang", "sleep 600").put("timeout", "3s")));
            run = first.startRun(id, Map.of());
            deadline = first.awaitTask(id, run, "hang", t -> "running".equals(t.getString("state")), DEADLINE).getLong("deadline");
            assertTrue(deadline > 0, "the deadline is stored");
            // closed without cancelling the run (shutdown_mode leave): the container keeps running
        }
        awaitCondition(() -> System.currentTimeMillis() > deadline + 500, "the deadline passes while Gofer is down");
        assertEquals(1, GoferTestServer.containersLabelled("gofer.role=task", "gofer.pipeline=" + id), "the container outlived Gofer");

        try (GoferTestServer second = GoferTestServer.start(dir, s -> s)) {
            Instant restarted = Instant.now();
            second.awaitRun(id, run, DEADLINE);
            JsonObject hang = second.tasks(id, run).get("hang");
            assertEquals("failed", hang.getString("status"));
            assertEquals("timeout", hang.getJsonObject("status_reason").getString("reason"));
            second.awaitNoContainers("gofer.pipeline=" + id);
            Duration took = Duration.between(restarted, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(1 + 5)) < 0, "stopped at once after the restart, took " + took);
        } finally {
            if (GoferTestServer.containersLabelled("gofer.role=task", "gofer.pipeline=" + id) > 0) {
                Command.removeContainers("gofer.pipeline=" + id);
            }
        }
    }

    @Test
    @DisplayName("examples/task-controls.yaml, read as the CLI reads it, runs: the flaky task passes on its third attempt")
    void theExampleRuns() throws IOException {
        Object yaml = new Yaml().load(Files.readString(Path.of("../examples/task-controls.yaml")));
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        PipelineConfig config = strict.convertValue(yaml, PipelineConfig.class);
        assertEquals(List.of(), PipelineConfigValidator.validate(config));
        gofer.deploy(new JsonObject(strict.writeValueAsString(config)));
        long run = gofer.startRun("task-controls", Map.of());

        assertEquals("successful", gofer.awaitRun("task-controls", run, DEADLINE).getString("status"),
                () -> gofer.tasks("task-controls", run).toString());
        Map<String, JsonObject> tasks = gofer.tasks("task-controls", run);
        assertEquals(3, tasks.get("flaky").getInteger("attempt"));
        assertTrue(gofer.logs("task-controls", run, "limited").contains(Long.toString(64L << 20)),
                "the memory limit is visible inside the container: " + gofer.logs("task-controls", run, "limited"));
    }

    // ---- bad input -----------------------------------------------------------------------------

    @Test
    @DisplayName("bad timeouts, retries and resources are refused with 400 naming the field, and nothing is stored")
    void badInputIsRefused() {
        String id = unique("bad");
        assertRefused(id, task("t", "true").put("timeout", "0s"), "config.tasks[0].timeout", "more than zero");
        assertRefused(id, task("t", "true").put("timeout", "soon"), "config.tasks[0].timeout", "90s, 5m, 1h30m");
        assertRefused(id, task("t", "true").put("timeout", "-5s"), "config.tasks[0].timeout", "not a duration");
        assertRefused(id, task("t", "true").put("retry", new JsonObject().put("attempts", 11)), "config.tasks[0].retry.attempts", "1 to 10");
        assertRefused(id, task("t", "true").put("retry", new JsonObject().put("attempts", 0)), "config.tasks[0].retry.attempts", "1 to 10");
        assertRefused(id, task("t", "true").put("retry", new JsonObject().put("attempts", 2).put("tries", 3)),
                "config.tasks[0].retry.tries", "unknown field");
        assertRefused(id, task("t", "true").put("retry", new JsonObject().put("attempts", 2).put("backoff", "0s")),
                "config.tasks[0].retry.backoff", "more than zero");
        assertRefused(id, task("t", "true").put("resources", new JsonObject().put("memory", "4m")), "config.tasks[0].resources.memory", "6m");
        assertRefused(id, task("t", "true").put("resources", new JsonObject().put("cpus", -1)), "config.tasks[0].resources.cpus", "more than 0");
        assertRefused(id, task("t", "true").put("resources", new JsonObject().put("gpus", 1)), "config.tasks[0].resources.gpus", "unknown field");
        GoferTestServer.Response bad = gofer.post(GoferTestServer.pipelines("default") + "/" + id + "/configs",
                new JsonObject().put("config", pipeline(id, task("t", "true")).put("run_timeout", "forever")).encode());
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("config.run_timeout"), bad.body());
    }

    @Test
    @DisplayName("limits above the server's maximums are refused with 400 naming the field and the maximum")
    void limitsAboveTheServersMaximums() {
        try (GoferTestServer strict = GoferTestServer.start(null, s -> s.with("task_timeout_max", "1m")
                .with("task_memory_max", "128m").with("run_timeout_max", "10m"))) {
            String id = unique("max");
            GoferTestServer.Response res = strict.post(GoferTestServer.pipelines("default") + "/" + id + "/configs",
                    new JsonObject().put("config", pipeline(id, task("t", "true").put("timeout", "5m")
                            .put("resources", new JsonObject().put("memory", "1g"))).put("run_timeout", "1h")).encode());
            assertEquals(400, res.status(), res.body());
            assertTrue(res.body().contains("config.tasks[0].timeout") && res.body().contains("task_timeout_max = 1m"), res.body());
            assertTrue(res.body().contains("config.tasks[0].resources.memory") && res.body().contains("task_memory_max = 128m"), res.body());
            assertTrue(res.body().contains("config.run_timeout") && res.body().contains("run_timeout_max = 10m"), res.body());
            assertEquals(404, strict.get(GoferTestServer.pipelines("default") + "/" + id).status(), "nothing stored");
        }
    }

    private static void assertRefused(String id, JsonObject task, String field, String allowed) {
        GoferTestServer.Response res = gofer.post(GoferTestServer.pipelines("default") + "/" + id + "/configs",
                new JsonObject().put("config", pipeline(id, task)).encode());
        assertEquals(400, res.status(), res.body());
        assertTrue(res.body().contains(field) && res.body().contains(allowed), "expected " + field + " / " + allowed + " in " + res.body());
        assertEquals(404, gofer.get(GoferTestServer.pipelines("default") + "/" + id).status(), "nothing stored");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Unique per test run, so other runs against the same engine cannot match our label filters. */
    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String instance() {
        return ServerSettings.forDataDir(gofer.dataDir, 0).instanceId();
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(what + ": not within " + DEADLINE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
