package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.Initiator;
import dev.gofer.model.Variable;
import dev.gofer.runs.Runs;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract routes that answered "no API route" before: system preferences (and the switch that makes Gofer
 * refuse extensions' runs), deleting an event, the deployment history, deleting a config version, deleting a
 * finished task's log. Each refuses bad input with a 400 naming the field and changes nothing.
 */
class ContractRoutesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String P = GoferTestServer.pipelines("default");

    @Test
    void systemPreferencesTurnExtensionsRunsOffWhileUsersRunsStillStart() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("sys", task("t", "echo hi")));
            JsonObject prefs = root.get("/api/system").json();
            assertEquals(true, prefs.getBoolean("bootstrap_token_created"));
            assertEquals(false, prefs.getBoolean("ignore_pipeline_run_events"));

            GoferTestServer user = root.as(Tokens.token(root, "user", 0).secret());
            assertEquals(200, user.get("/api/system").status(), "users read the preferences");
            assertEquals(403, user.patch("/api/system", "{\"ignore_pipeline_run_events\": true}").status(), "only admins change them");
            GoferTestServer.Response badType = root.patch("/api/system", "{\"ignore_pipeline_run_events\": \"yes\"}");
            assertEquals(400, badType.status());
            assertTrue(badType.body().contains("ignore_pipeline_run_events: must be true or false"), badType.body());
            GoferTestServer.Response unknown = root.patch("/api/system", "{\"ignore_everything\": true}");
            assertEquals(400, unknown.status());
            assertTrue(unknown.body().contains("ignore_everything"), unknown.body());
            assertEquals(false, root.get("/api/system").json().getBoolean("ignore_pipeline_run_events"), "bad input changed nothing");

            GoferTestServer.Response on = root.patch("/api/system", "{\"ignore_pipeline_run_events\": true}");
            assertEquals(200, on.status(), on.body());
            assertEquals(true, on.json().getBoolean("ignore_pipeline_run_events"));
            assertTrue(EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("updated_system_preferences")));

            Runs runs = Runs.onBus(root.vertx().eventBus());
            StartRun fromExtension = new StartRun("default", "sys", Map.of(), new Initiator("extension:cron", "cron (extension)"),
                    Variable.EXTENSION);
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> runs.start(fromExtension).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            ReplyException reply = (ReplyException) refused.getCause();
            assertEquals(409, reply.failureCode(), "answered to the extension as FAILED_PRECONDITION");
            assertTrue(reply.getMessage().contains("ignore_pipeline_run_events"), reply.getMessage());
            assertEquals(0, root.get(P + "/sys/runs").json().getJsonArray("runs").size(), "no run was created");
            long userRun = root.startRun("sys", Map.of());
            assertEquals("successful", root.awaitRun("sys", userRun, DEADLINE).getString("status"), "users' runs still start");

            assertEquals(200, root.patch("/api/system", "{\"ignore_pipeline_run_events\": false}").status());
            long fromExt = runs.start(fromExtension).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).key().runId();
            assertEquals("successful", root.awaitRun("sys", fromExt, DEADLINE).getString("status"));
        }
    }

    @Test
    void deploymentsAreListedAndAConfigVersionCanBeDeletedUnlessLiveOrInUse() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("hist", task("t", "echo one")));
            root.deploy(pipeline("hist", task("t", "sleep 120")));
            JsonArray deployments = root.get(P + "/hist/deployments").json().getJsonArray("deployments");
            assertEquals(2, deployments.size(), deployments.encode());
            JsonObject second = root.get(P + "/hist/deployments/2").json().getJsonObject("deployment");
            assertEquals(1, second.getLong("start_version"));
            assertEquals(2, second.getLong("end_version"));
            assertEquals(404, root.get(P + "/hist/deployments/9").status());
            assertEquals(400, root.get(P + "/hist/deployments/two").status());
            assertEquals(404, root.get(P + "/nope/deployments").status());

            GoferTestServer.Response live = root.delete(P + "/hist/configs/2");
            assertEquals(409, live.status());
            assertTrue(live.body().contains("live"), live.body());
            assertEquals(400, root.delete(P + "/hist/configs/0").status());
            assertEquals(404, root.delete(P + "/hist/configs/7").status());

            long running = root.startRun("hist", Map.of());
            root.awaitRunState("hist", running, r -> "running".equals(r.getString("state")), DEADLINE);
            root.deploy(pipeline("hist", task("t", "echo three")));
            GoferTestServer.Response inUse = root.delete(P + "/hist/configs/2");
            assertEquals(409, inUse.status());
            assertTrue(inUse.body().contains("run " + running), inUse.body());
            assertEquals(204, root.delete(P + "/hist/runs/" + running).status());
            root.awaitRun("hist", running, DEADLINE);

            assertEquals(204, root.delete(P + "/hist/configs/2").status());
            assertEquals(404, root.get(P + "/hist/configs/2").status());
            assertEquals(200, root.get(P + "/hist/runs/" + running).status(), "the finished run that used it stays readable");
            assertEquals(List.of(1L, 3L), root.get(P + "/hist/configs").json().getJsonArray("configs").stream()
                    .map(c -> ((JsonObject) c).getLong("version")).toList());
            assertTrue(EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("deleted_config") && EventStream.details(e).getLong("version") == 2));
        }
    }

    @Test
    void aFinishedTasksLogCanBeDeletedButNotWhileItRuns() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("leak", task("t", "echo password-printed-by-mistake")));
            long run = root.startRun("leak", Map.of());
            root.awaitRun("leak", run, DEADLINE);
            String logs = P + "/leak/runs/" + run + "/tasks/t/logs";
            assertTrue(root.get(logs).body().contains("password-printed-by-mistake"));
            Path file = root.dataDir.resolve("logs/default/leak/" + run + "/t.log");
            assertTrue(Files.exists(file), "the log is where the log store keeps it: " + file);

            assertEquals(404, root.delete(P + "/leak/runs/" + run + "/tasks/nope/logs").status());
            assertEquals(204, root.delete(logs).status());
            assertFalse(Files.exists(file), "the file is gone");
            GoferTestServer.Response after = root.get(logs);
            assertEquals(404, after.status());
            assertTrue(after.body().contains("deleted"), after.body());
            assertEquals(true, root.tasks("leak", run).get("t").getBoolean("logs_removed"));
            assertTrue(EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("deleted_task_execution_logs")));

            root.deploy(pipeline("leak", task("t", "sleep 120")));
            long running = root.startRun("leak", Map.of());
            root.awaitRunState("leak", running, r -> "running".equals(r.getString("state")), DEADLINE);
            GoferTestServer.Response busy = root.delete(P + "/leak/runs/" + running + "/tasks/t/logs");
            assertEquals(409, busy.status());
            assertTrue(busy.body().contains("once it has ended"), busy.body());
            assertEquals(204, root.delete(P + "/leak/runs/" + running).status());
            root.awaitRun("leak", running, DEADLINE);
        }
    }

    @Test
    void deletingTheLogOfATaskThatRanSeveralAttemptsRemovesEveryAttemptsLog() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("flaky", task("t", "echo attempt $GOFER_TASK_ATTEMPT; [ \"$GOFER_TASK_ATTEMPT\" -ge 3 ]")
                    .put("retry", new JsonObject().put("attempts", 5).put("backoff", "100ms"))));
            long run = root.startRun("flaky", Map.of());
            assertEquals("successful", root.awaitRun("flaky", run, DEADLINE).getString("status"));
            Path dir = root.dataDir.resolve("logs/default/flaky/" + run);
            List<Path> files = List.of(dir.resolve("t.log"), dir.resolve("t.attempt-1.log"), dir.resolve("t.attempt-2.log"));
            files.forEach(f -> assertTrue(Files.exists(f), "each attempt keeps its log: " + f));
            String logs = P + "/flaky/runs/" + run + "/tasks/t/logs";
            assertEquals("attempt 1\n", root.get(logs + "?attempt=1").body());

            assertEquals(204, root.delete(logs).status());
            files.forEach(f -> assertFalse(Files.exists(f), "every attempt's log is gone: " + f));
            for (String attempt : List.of("", "?attempt=1", "?attempt=2", "?attempt=3")) {
                assertEquals(404, root.get(logs + attempt).status(), attempt);
            }
        }
    }

    @Test
    void deletingTheLogOfATaskARetriedRunReusedRemovesTheLogOfTheRunThatRanIt() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            // b fails in the first run only, so its retry reuses a
            root.deploy(pipeline("reuse", task("a", "echo secret-printed-by-a"),
                    dependsOn(task("b", "[ \"$GOFER_RUN_ID\" -gt 1 ]"), "a", "success")));
            long first = root.startRun("reuse", Map.of());
            assertEquals("failed", root.awaitRun("reuse", first, DEADLINE).getString("status"));
            GoferTestServer.Response retried = root.post(P + "/reuse/runs/" + first + "/retry", "");
            assertEquals(201, retried.status(), retried.body());
            long second = retried.json().getJsonObject("run").getLong("run_id");
            assertEquals("successful", root.awaitRun("reuse", second, DEADLINE).getString("status"));
            assertEquals(first, root.tasks("reuse", second).get("a").getLong("reused_from_run"));
            String reusedLog = P + "/reuse/runs/" + second + "/tasks/a/logs";
            String originalLog = P + "/reuse/runs/" + first + "/tasks/a/logs";
            assertEquals("secret-printed-by-a\n", root.get(reusedLog).body(), "read through the run that reused it");
            Path file = root.dataDir.resolve("logs/default/reuse/" + first + "/a.log");
            assertTrue(Files.exists(file));

            // the user deletes what they saw: the one file both runs show
            assertEquals(204, root.delete(reusedLog).status());
            assertFalse(Files.exists(file), "the log of the run that ran the task is gone");
            for (String log : List.of(reusedLog, originalLog)) {
                GoferTestServer.Response gone = root.get(log);
                assertEquals(404, gone.status(), log);
                assertTrue(gone.body().contains("deleted"), gone.body());
            }
            assertEquals(true, root.tasks("reuse", first).get("a").getBoolean("logs_removed"));
            assertEquals(true, root.tasks("reuse", second).get("a").getBoolean("logs_removed"));
            assertEquals("", root.get(P + "/reuse/runs/" + second + "/tasks/b/logs").body().trim(), "b's own log is untouched");
            assertEquals(false, root.tasks("reuse", second).get("b").getBoolean("logs_removed"));
        }
    }

    @Test
    void anAdminDeletesAnEventAndTheDeletionIsItselfAnEvent() throws Exception {
        try (GoferTestServer root = GoferTestServer.start()) {
            root.post("/api/namespaces", "{\"id\": \"ev\", \"name\": \"Ev\", \"description\": \"\"}");
            JsonObject created = EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .filter(e -> EventStream.kind(e).equals("created_namespace")).reduce((a, b) -> b).orElseThrow();
            String id = created.getString("id");
            GoferTestServer user = root.as(Tokens.token(root, "user", 0).secret());
            assertEquals(403, user.delete("/api/events/" + id).status(), "only admins delete events");
            GoferTestServer.Response bad = root.delete("/api/events/not-an-id");
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("event_id"), bad.body());
            assertEquals(204, root.delete("/api/events/" + id).status());
            assertEquals(404, root.get("/api/events/" + id).status());
            assertEquals(404, root.delete("/api/events/" + id).status());
            assertTrue(EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("deleted_event") && id.equals(EventStream.details(e).getString("id"))));
        }
    }
}
