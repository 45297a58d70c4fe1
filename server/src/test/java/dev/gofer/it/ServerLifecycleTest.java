package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static dev.gofer.testing.Command.dockerOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What survives a server restart, what a restart cleans up, and how the server behaves without Docker. */
class ServerLifecycleTest {
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);

    @Test
    @DisplayName("logs and runs survive a restart")
    void logsAndRunsSurviveARestart() throws IOException {
        GoferTestServer.requireDocker();
        Path dir = Files.createTempDirectory("gofer-restart");
        String pipelineId = "survivor";
        long runId;
        JsonObject before;
        try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
            gofer.deploy(pipeline(pipelineId, task("talk", "echo first-line-stdout; echo second-line-stderr >&2")));
            runId = gofer.startRun(pipelineId, Map.of());
            before = gofer.awaitRun(pipelineId, runId, RUN_DEADLINE);
            assertEquals("successful", before.getString("status"), before.encodePrettily());
        }

        try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
            String runPath = GoferTestServer.pipelines("default") + "/" + pipelineId + "/runs/" + runId;
            GoferTestServer.Response res = gofer.get(runPath);
            assertEquals(200, res.status(), "the run is still there after a restart: " + res.body());
            JsonObject after = res.json().getJsonObject("run");
            assertEquals("complete", after.getString("state"), after.encodePrettily());
            assertEquals(before.getString("status"), after.getString("status"), after.encodePrettily());
            assertEquals(before.getLong("started"), after.getLong("started"));
            assertEquals(before.getLong("ended"), after.getLong("ended"));

            JsonObject task = gofer.tasks(pipelineId, runId).get("talk");
            assertNotNull(task, "the task execution is still there after a restart");
            assertEquals("successful", task.getString("status"), task.encodePrettily());

            GoferTestServer.Response logs = gofer.get(runPath + "/tasks/talk/logs");
            assertEquals(200, logs.status(), logs.body());
            assertTrue(logs.body().contains("first-line-stdout"), "stdout line kept across the restart: " + logs.body());
            assertTrue(logs.body().contains("second-line-stderr"), "stderr line kept across the restart: " + logs.body());
        }
    }

    @Test
    @DisplayName("no Docker engine: server still starts, task fails with scheduler_error saying so")
    void noDockerEngine() {
        String socket = "/tmp/no-such-docker.sock";
        // no requireDocker(): this test is about the engine being absent
        try (GoferTestServer gofer = GoferTestServer.start(null, s -> s.withDockerHost("unix://" + socket))) {
            GoferTestServer.Response meta = gofer.get("/api/system/metadata");
            assertEquals(200, meta.status(), meta.body());
            String semver = meta.json().getString("semver");
            assertNotNull(semver, meta.body());
            assertTrue(semver.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?"), "semver: " + semver);

            gofer.deploy(pipeline("nodocker", task("a", "echo never")));
            Instant started = Instant.now();
            long runId = gofer.startRun("nodocker", Map.of());
            // the deadline is the "no hang" check: a scheduler waiting on a missing socket would miss it
            JsonObject run = gofer.awaitRun("nodocker", runId, Duration.ofSeconds(15));
            assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(15)) <= 0);
            assertEquals("failed", run.getString("status"), run.encodePrettily());
            JsonObject runReason = run.getJsonObject("status_reason");
            assertNotNull(runReason, run.encodePrettily());
            assertEquals("scheduler_error", runReason.getString("reason"), run.encodePrettily());

            JsonObject task = gofer.tasks("nodocker", runId).get("a");
            assertNotNull(task, "task execution a exists");
            assertEquals("complete", task.getString("state"), task.encodePrettily());
            assertEquals("failed", task.getString("status"), task.encodePrettily());
            JsonObject reason = task.getJsonObject("status_reason");
            assertNotNull(reason, task.encodePrettily());
            assertEquals("scheduler_error", reason.getString("reason"), task.encodePrettily());
            String description = reason.getString("description", "");
            assertTrue(description.contains("no Docker engine"), "description says what is wrong: " + description);
            assertTrue(description.contains(socket), "description names the socket: " + description);
        }
    }

    @Test
    @DisplayName("a run interrupted by a server stop resumes on the next start: its container is re-attached and the log continues without gaps or repeats")
    void interruptedRunResumesOnNextStart() throws IOException {
        GoferTestServer.requireDocker();
        Path dir = Files.createTempDirectory("gofer-interrupted");
        // unique, so other test runs against the same engine cannot match our label filter
        String pipelineId = "interrupted-" + UUID.randomUUID().toString().substring(0, 8);
        long runId = -1;
        try {
            try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
                gofer.deploy(pipeline(pipelineId,
                        task("sleeper", "echo before; sleep 4; echo after; exit 5"),
                        dependsOn(task("next", "echo next ran"), "sleeper", "failure")));
                runId = gofer.startRun(pipelineId, Map.of());
                long id = runId;
                gofer.awaitTask(pipelineId, runId, "sleeper", t -> "running".equals(t.getString("state")), RUN_DEADLINE);
                awaitCondition(() -> gofer.logs(pipelineId, id, "sleeper").contains("before"), "first line stored");
                assertEquals(1, containers(runId, pipelineId), "the task's container exists while it runs");
                // closed without cancelling the run: the container keeps running
            }

            try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
                JsonObject run = gofer.awaitRun(pipelineId, runId, RUN_DEADLINE);
                Map<String, JsonObject> tasks = gofer.tasks(pipelineId, runId);
                assertEquals("failed", tasks.get("sleeper").getString("status"), tasks.toString());
                assertEquals(5, tasks.get("sleeper").getInteger("exit_code"), "the real exit code is collected");
                assertEquals("before\nafter\n", gofer.logs(pipelineId, runId, "sleeper"), "log continues without repeats");
                assertEquals("successful", tasks.get("next").getString("status"), "the DAG goes on after the restart");
                assertEquals("failed", run.getString("status"));
                assertEquals("abnormal_exit", run.getJsonObject("status_reason").getString("reason"));
                long finished = runId;
                awaitCondition(() -> containers(finished, pipelineId) == 0, "containers removed");
            }
        } finally {
            if (runId >= 0) {
                removeContainers(runId, pipelineId); // tidy up if an assertion above failed
            }
        }
    }

    @Test
    @DisplayName("a task whose container vanished while Gofer was down fails as orphaned; stray containers are removed")
    void vanishedContainerIsOrphaned() throws IOException {
        GoferTestServer.requireDocker();
        Path dir = Files.createTempDirectory("gofer-vanished");
        String pipelineId = "vanished-" + UUID.randomUUID().toString().substring(0, 8);
        long runId = -1;
        String stray = null;
        try {
            try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
                gofer.deploy(pipeline(pipelineId, task("sleeper", "sleep 60")));
                runId = gofer.startRun(pipelineId, Map.of());
                gofer.awaitTask(pipelineId, runId, "sleeper", t -> "running".equals(t.getString("state")), RUN_DEADLINE);
            }
            removeContainers(runId, pipelineId);
            String instance = dev.gofer.config.ServerSettings.forDataDir(dir, 0).instanceId();
            stray = dockerOk("run", "-d", "--label", "gofer.instance=" + instance, "--label", "gofer.role=task", "--label", "gofer.run=999",
                    GoferTestServer.IMAGE, "sleep", "60");

            try (GoferTestServer gofer = GoferTestServer.start(dir, s -> s)) {
                JsonObject run = gofer.awaitRun(pipelineId, runId, RUN_DEADLINE);
                JsonObject task = gofer.tasks(pipelineId, runId).get("sleeper");
                assertEquals("failed", task.getString("status"));
                assertEquals("orphaned", task.getJsonObject("status_reason").getString("reason"));
                assertEquals("failed", run.getString("status"));
                String strayId = stray;
                awaitCondition(() -> dockerOk("ps", "-aq", "--no-trunc", "--filter", "id=" + strayId).isBlank(),
                        "a container labelled by this Gofer but part of no run is removed at start");
            }
        } finally {
            if (runId >= 0) {
                removeContainers(runId, pipelineId);
            }
            if (stray != null) {
                dockerOk("rm", "-f", stray);
            }
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + RUN_DEADLINE + ": " + what);
            }
            pause();
        }
    }

    @Test
    @DisplayName("gofer-api-version header is accepted but not required")
    void apiVersionHeaderIsOptional() throws Exception {
        try (GoferTestServer gofer = GoferTestServer.start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/api/namespaces", "/api/system/metadata", GoferTestServer.pipelines("default"))) {
                HttpRequest.Builder without = gofer.authorized(HttpRequest.newBuilder(URI.create(gofer.url(path))).timeout(Duration.ofSeconds(30)).GET());
                HttpRequest.Builder with = gofer.authorized(HttpRequest.newBuilder(URI.create(gofer.url(path))).timeout(Duration.ofSeconds(30)).GET()
                        .header("gofer-api-version", "v0"));
                HttpResponse<String> a = http.send(without.build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> b = http.send(with.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, a.statusCode(), "GET " + path + " without gofer-api-version: " + a.body());
                assertEquals(200, b.statusCode(), "GET " + path + " with gofer-api-version: v0: " + b.body());
                assertEquals(new JsonObject(a.body()), new JsonObject(b.body()), "same answer with and without the header");
            }
        }
    }

    /** Containers carrying both labels (docker ANDs repeated label filters). */
    private static int containers(long runId, String pipelineId) {
        List<String> ids = containerIds(runId, pipelineId);
        return ids.size();
    }

    private static List<String> containerIds(long runId, String pipelineId) {
        String out = dockerOk("ps", "-aq", "--filter", "label=gofer.run=" + runId, "--filter", "label=gofer.pipeline=" + pipelineId);
        return out.isBlank() ? List.of() : List.of(out.split("\\s+"));
    }

    private static void removeContainers(long runId, String pipelineId) {
        for (String id : containerIds(runId, pipelineId)) {
            dockerOk("rm", "-f", id);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
