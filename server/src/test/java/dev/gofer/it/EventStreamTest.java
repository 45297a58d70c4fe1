package dev.gofer.it;

import static dev.gofer.it.Pipelines.dependsOn;
import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event stream: every event of a run, in order, to a live subscriber; replay from the start or from an id. */
class EventStreamTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Test
    void aLiveSubscriberGetsEveryEventOfARunInOrderAndReplayResumesFromAnId() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start()) {
            List<JsonObject> live = new ArrayList<>();
            long run;
            try (EventStream stream = EventStream.open(gofer, "")) {
                gofer.deploy(pipeline("events", task("first", "echo one"), dependsOn(task("second", "echo two"), "first", "success")));
                run = gofer.startRun("events", Map.of());
                JsonObject e;
                do {
                    e = stream.next(DEADLINE);
                    live.add(e);
                } while (!EventStream.kind(e).equals("completed_run"));
            }
            List<String> kinds = new ArrayList<>();
            for (JsonObject e : live) {
                JsonObject d = EventStream.details(e);
                String what = EventStream.kind(e);
                if (d.containsKey("task_execution_id")) {
                    what += " " + d.getString("task_execution_id");
                }
                if (d.containsKey("status")) {
                    what += " " + d.getString("status");
                }
                kinds.add(what);
            }
            assertEquals(List.of("created_pipeline", "registered_config", "started_deployment", "completed_deployment",
                    "queued_run", "created_task_execution first", "created_task_execution second", "started_run",
                    "started_task_execution first", "completed_task_execution first successful",
                    "started_task_execution second", "completed_task_execution second successful", "completed_run successful"),
                    kinds, "every event, in the order things happened");
            for (int i = 1; i < live.size(); i++) {
                assertTrue(live.get(i).getString("id").compareTo(live.get(i - 1).getString("id")) > 0, "ids are time-ordered: " + live);
            }
            assertEquals(run, EventStream.details(live.get(live.size() - 1)).getLong("run_id"));

            // replay from the started_run event: exactly what came after it
            String from = live.get(7).getString("id");
            List<JsonObject> replayed = finite(gofer, "?from=" + from + "&follow=false");
            assertEquals(live.subList(8, live.size()), replayed.subList(0, live.size() - 8), "replay after " + from);
            // history from the start holds the same events as the live stream saw (plus earlier ones, e.g. the root token's)
            List<JsonObject> all = finite(gofer, "?history=true&follow=false");
            assertTrue(all.containsAll(live), "history has every live event");
            assertEquals("created_bootstrap_token", EventStream.kind(all.get(0)));

            // filtered (as the dashboard's one stream per tab is): only this run's events, none of another pipeline's
            List<JsonObject> ofRun = finite(gofer, "?history=true&follow=false&namespace=default&pipeline=events&run=" + run);
            assertEquals(live.subList(4, live.size()), ofRun, "the run's events, from queued_run to completed_run");
            assertEquals(List.of(), finite(gofer, "?history=true&follow=false&pipeline=other"));
            assertEquals(List.of(), finite(gofer, "?history=true&follow=false&run=" + (run + 1)));
            GoferTestServer.Response badRun = gofer.get("/api/events?run=latest");
            assertEquals(400, badRun.status());
            assertTrue(badRun.body().contains("run: must be a whole number of 0 or more, got 'latest'"), badRun.body());

            GoferTestServer.Response bad = gofer.get("/api/events?from=yesterday");
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("from: must be an event id"), bad.body());
            assertEquals(200, gofer.get("/api/events/" + from).status());
            assertEquals(404, gofer.get("/api/events/000000000000000000").status());
        }
    }

    /** A stream that ends after the replay ({@code follow=false}). */
    static List<JsonObject> finite(GoferTestServer gofer, String query) {
        GoferTestServer.Response res = gofer.get("/api/events" + query);
        assertEquals(200, res.status(), res.body());
        List<JsonObject> out = new ArrayList<>();
        for (String line : res.body().split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(new JsonObject(line.substring(6)));
            }
        }
        return out;
    }
}
