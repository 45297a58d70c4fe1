package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One task of a running run, with a real Docker engine: cancelling it (its container stopped within the stop
 * grace, its dependants following a cancelled parent).
 */
class TaskControlTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String P = GoferTestServer.pipelines("default");

    @Test
    void cancellingOneRunningTaskStopsItsContainerAndItsDependantsFollowTheDag() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("cancel-one",
                    task("slow", "sleep 600"),
                    task("quick", "echo done"),
                    dependsOn(task("on-success", "echo should-not-run"), "slow", "success"),
                    dependsOn(task("on-failure", "echo should-not-run"), "slow", "failure"),
                    dependsOn(task("on-any", "echo should-not-run"), "slow", "any"),
                    dependsOn(task("after-quick", "sleep 600"), "quick", "success")));
            long run = root.startRun("cancel-one", Map.of());
            root.awaitTask("cancel-one", run, "slow", t -> t.getString("state").equals("running"), DEADLINE);
            root.awaitTask("cancel-one", run, "after-quick", t -> t.getString("state").equals("running"), DEADLINE);
            String tasks = P + "/cancel-one/runs/" + run + "/tasks/";
            assertEquals(1, root.containersLabelled("gofer.task=slow"), "the slow task runs in a container");

            assertEquals(404, root.delete(tasks + "nope").status(), "an unknown task");
            GoferTestServer.Response complete = root.delete(tasks + "quick");
            assertEquals(409, complete.status(), complete.body());
            assertTrue(complete.body().contains("already complete (successful)"), complete.body());

            Instant asked = Instant.now();
            GoferTestServer.Response cancel = root.delete(tasks + "slow");
            assertEquals(204, cancel.status(), cancel.body());
            JsonObject slow = root.awaitTask("cancel-one", run, "slow", t -> t.getString("state").equals("complete"), DEADLINE);
            assertEquals("cancelled", slow.getString("status"));
            root.awaitNoContainers("gofer.task=slow");
            Duration gone = Duration.between(asked, Instant.now());
            // sh ignores SIGTERM as PID 1: SIGKILL after the 1 s grace of the tests, plus a few seconds
            assertTrue(gone.compareTo(Duration.ofSeconds(10)) < 0, "the container went within grace + a few s, took " + gone);

            for (String dependant : new String[] {"on-success", "on-failure", "on-any"}) {
                JsonObject t = root.awaitTask("cancel-one", run, dependant, x -> x.getString("state").equals("complete"), DEADLINE);
                assertEquals("skipped", t.getString("status"), dependant + ": a cancelled parent meets no condition: " + t);
            }
            assertEquals("running", root.tasks("cancel-one", run).get("after-quick").getString("state"), "the rest of the run goes on");
            assertEquals(409, root.delete(tasks + "slow").status(), "cancelled once; now complete");

            JsonObject event = EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .filter(e -> EventStream.kind(e).equals("started_task_execution_cancellation")).findFirst().orElseThrow();
            JsonObject details = event.getJsonObject("kind").getJsonObject("started_task_execution_cancellation");
            assertEquals("slow", details.getString("task_execution_id"));
            assertEquals(1, details.getLong("timeout"), "the grace, in seconds");

            assertEquals(204, root.delete(P + "/cancel-one/runs/" + run).status());
            JsonObject ended = root.awaitRun("cancel-one", run, DEADLINE);
            assertEquals("cancelled", ended.getString("status"));
            root.awaitNoContainers("gofer.pipeline=cancel-one");
        }
    }

    @Test
    void attachRunsACommandInTheRunningTasksContainerOverAWebSocket() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            root.deploy(pipeline("attach", task("t", "sleep 600")));
            long run = root.startRun("attach", Map.of());
            root.awaitTask("attach", run, "t", t -> t.getString("state").equals("running"), DEADLINE);
            String path = P + "/attach/runs/" + run + "/tasks/t/attach";
            Tokens.Issued writer = Tokens.withRole(root, "attacher", Tokens.permission("read,write", "namespaces:^default$",
                    "pipelines:^attach$", "task_executions"));

            GoferTestServer.Response plain = root.get(path);
            assertEquals(400, plain.status(), "a plain GET is told to upgrade: " + plain.body());
            assertTrue(plain.body().contains("WebSocket"), plain.body());
            assertEquals(400, AttachClient.refusal(root, root.rootToken, path + "?cmd="), "an empty program");

            // stdin in, stdout back: cat echoes what it reads
            try (AttachClient session = AttachClient.open(root, writer.secret(), path
                    + "?cmd=sh&cmd=-c&cmd=" + AttachClient.encode("echo hello-from-exec; cat"))) {
                session.awaitStdout("hello-from-exec\n");
                session.send("ping-through-stdin\n");
                session.awaitStdout("hello-from-exec\nping-through-stdin\n");
            }
            // a command that exits: the socket closes with its exit code; stderr comes apart
            try (AttachClient session = AttachClient.open(root, writer.secret(), path
                    + "?cmd=sh&cmd=-c&cmd=" + AttachClient.encode("echo to-stderr >&2; exit 3"))) {
                AttachClient.Closed closed = session.awaitClose();
                assertEquals(1000, closed.code());
                assertEquals("exit code 3", closed.reason());
                assertEquals("to-stderr\n", session.stderr());
                assertEquals("", session.stdout());
            }

            JsonObject attached = EventStreamTest.finite(root, "?history=true&follow=false").stream()
                    .filter(e -> EventStream.kind(e).equals("attached_task_execution")).findFirst().orElseThrow();
            assertEquals("t", attached.getJsonObject("kind").getJsonObject("attached_task_execution").getString("task_execution_id"));
            assertTrue(attached.getJsonObject("actor").encode().contains("user-of-attacher"), "the event names who attached: " + attached);

            Tokens.Issued reader = Tokens.withRole(root, "watcher", Tokens.permission("read", "all"));
            assertEquals(403, AttachClient.refusal(root, reader.secret(), path), "reading is not enough to attach");

            // the task ends while attached: the socket closes
            try (AttachClient session = AttachClient.open(root, writer.secret(), path + "?cmd=cat")) {
                assertEquals(204, root.delete(P + "/attach/runs/" + run + "/tasks/t").status());
                AttachClient.Closed closed = session.awaitClose();
                assertTrue(closed.code() == 1000 || closed.code() == 1011, "closed when the task ends: " + closed);
            }
            root.awaitTask("attach", run, "t", t -> t.getString("state").equals("complete"), DEADLINE);
            assertEquals(409, AttachClient.refusal(root, writer.secret(), path), "the task no longer runs");
            assertEquals(404, AttachClient.refusal(root, writer.secret(), P + "/attach/runs/" + run + "/tasks/nope/attach"));
            root.awaitRun("attach", run, DEADLINE);
            root.awaitNoContainers("gofer.pipeline=attach");
        }
    }
}
