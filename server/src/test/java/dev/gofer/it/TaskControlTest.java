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
}
