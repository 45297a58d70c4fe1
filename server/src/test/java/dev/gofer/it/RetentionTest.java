package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.Setting;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention as a user meets it: a pipeline's {@code keep_runs} deletes its older finished runs (rows, logs, an
 * {@code expired_run} event each) by the job the server schedules; a bad keep_runs is a 400 naming the field.
 */
class RetentionTest {
    private static final String P = GoferTestServer.pipelines("default");

    @Test
    void aPipelinesKeepRunsDeletesItsOlderFinishedRuns() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start(null, s -> s.with(Setting.RUN_PRUNE_INTERVAL, 1))) {
            GoferTestServer.Response bad = gofer.post(P + "/kept/configs",
                    new JsonObject().put("config", pipeline("kept", task("t", "true")).put("keep_runs", 0)).encode());
            assertEquals(400, bad.status());
            assertTrue(bad.body().contains("keep_runs"), bad.body());

            gofer.deploy(pipeline("kept", task("t", "echo kept")).put("keep_runs", 2));
            for (int i = 0; i < 4; i++) {
                gofer.awaitRun("kept", gofer.startRun("kept", Map.of()), Duration.ofSeconds(60));
            }
            Instant deadline = Instant.now().plusSeconds(30);
            List<Long> left;
            do {
                left = gofer.get(P + "/kept/runs").json().getJsonArray("runs").stream()
                        .map(r -> ((JsonObject) r).getLong("run_id")).sorted().toList();
                if (left.size() == 2) {
                    break;
                }
                Thread.sleep(100); // a poll with a deadline: the job runs every second
            } while (Instant.now().isBefore(deadline));
            assertEquals(List.of(3L, 4L), left, "the newest two finished runs are kept");
            assertEquals(404, gofer.get(P + "/kept/runs/1").status());
            assertFalse(Files.exists(gofer.dataDir.resolve("logs/default/kept/1")), "the logs of a deleted run are gone");
            assertTrue(Files.exists(gofer.dataDir.resolve("logs/default/kept/4")), "a kept run keeps its logs");
            assertEquals(2, EventStreamTest.finite(gofer, "?history=true&follow=false").stream()
                    .filter(e -> EventStream.kind(e).equals("expired_run")).count());
        }
    }
}
