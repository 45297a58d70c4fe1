package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import dev.gofer.store.SqlDeletionStore;
import dev.gofer.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE .../pipelines/{id}}: refused while runs are unfinished, unless forced (which cancels them); removes
 * configs, runs, logs, objects of the pipeline and its runs, secrets; and a deletion whose process died after the
 * rows were deleted is finished at the next start (files gone, the id usable again).
 */
class PipelineDeletionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String P = GoferTestServer.pipelines("default");

    @Test
    void refusedWhileRunsAreUnfinishedAndForceCancelsThemAndRemovesEverything() throws Exception {
        GoferTestServer.requireDocker();
        try (GoferTestServer gofer = GoferTestServer.start()) {
            gofer.deploy(pipeline("doomed", task("t", "echo done")));
            long finished = gofer.startRun("doomed", Map.of());
            gofer.awaitRun("doomed", finished, DEADLINE);
            assertEquals(201, gofer.postBytes(P + "/doomed/objects/cache", "pipeline bytes".getBytes()).status());
            assertEquals(201, gofer.postBytes(P + "/doomed/runs/" + finished + "/objects/out", "run bytes".getBytes()).status());
            assertEquals(201, gofer.post(P + "/doomed/secrets", "{\"key\": \"pw\", \"content\": \"hunter2\"}").status());
            gofer.deploy(pipeline("doomed", task("t", "sleep 300")));
            long running = gofer.startRun("doomed", Map.of());
            gofer.awaitTask("doomed", running, "t", t -> "running".equals(t.getString("state")), DEADLINE);
            Path logs = gofer.dataDir.resolve("logs/default/doomed");
            Path objects = gofer.dataDir.resolve("objects");
            assertTrue(Files.isDirectory(logs) && Files.isDirectory(objects.resolve("pipeline/default/doomed"))
                    && Files.isDirectory(objects.resolve("run/default/doomed/" + finished)), "fixture files exist");

            GoferTestServer.Response refused = gofer.delete(P + "/doomed");
            assertEquals(409, refused.status());
            assertTrue(refused.body().contains("[" + running + "]") && refused.body().contains("force=true"), refused.body());
            assertEquals(400, gofer.delete(P + "/doomed?force=yes").status());
            assertEquals("running", gofer.run("doomed", running).getString("state"), "a refused delete changes nothing");
            assertEquals(200, gofer.get(P + "/doomed/objects/cache").status());

            assertEquals(204, gofer.delete(P + "/doomed?force=true").status());
            assertEquals(404, gofer.get(P + "/doomed").status());
            assertEquals(404, gofer.get(P + "/doomed/runs/" + finished).status());
            gofer.awaitNoContainers("gofer.pipeline=doomed");
            assertFalse(Files.exists(logs), "logs removed");
            assertFalse(Files.exists(objects.resolve("pipeline/default/doomed")), "pipeline objects removed");
            assertFalse(Files.exists(objects.resolve("run/default/doomed")), "run objects removed");
            assertTrue(EventStreamTest.finite(gofer, "?history=true&follow=false").stream()
                    .anyMatch(e -> EventStream.kind(e).equals("deleted_pipeline")));
            assertEquals(404, gofer.delete(P + "/doomed").status());

            // the id is free again, and nothing of the old pipeline comes back with it
            gofer.deploy(pipeline("doomed", task("t", "true")));
            assertEquals(0, gofer.get(P + "/doomed/runs").json().getJsonArray("runs").size());
            assertEquals(0, gofer.get(P + "/doomed/objects").json().getJsonArray("objects").size());
            assertEquals(0, gofer.get(P + "/doomed/secrets").json().getJsonArray("secrets").size());
            assertEquals(1, gofer.get(P + "/doomed/configs").json().getJsonArray("configs").size());
        }
    }

    @Test
    void aDeletionInterruptedAfterItsRowsIsFinishedAtTheNextStart() throws Exception {
        GoferTestServer.requireDocker();
        Path dir;
        String postgres;
        try (GoferTestServer gofer = GoferTestServer.start()) {
            dir = gofer.dataDir;
            postgres = gofer.postgresStore();
            gofer.deploy(pipeline("half", task("t", "echo x")));
            long run = gofer.startRun("half", Map.of());
            gofer.awaitRun("half", run, DEADLINE);
            assertEquals(201, gofer.postBytes(P + "/half/objects/cache", "bytes".getBytes()).status());
        }
        // what a process killed between the commit and the file removal leaves: rows gone, files still there
        Vertx vertx = Vertx.vertx();
        try {
            ServerSettings settings = ServerSettings.forDataDir(dir, 0);
            if (postgres != null) {
                settings = settings.withStore(postgres);
            }
            Stores.Opened db = Stores.open(vertx, settings, e -> { });
            db.events().init().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            new SqlDeletionStore(db.pool(), db.dialect(), db.events()).deletePipeline("default", "half", System.currentTimeMillis())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            db.pool().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(dir.resolve("logs/default/half")) && Files.exists(dir.resolve("objects/pipeline/default/half")));

        try (GoferTestServer again = GoferTestServer.start(dir, s -> s)) {
            assertFalse(Files.exists(dir.resolve("logs/default/half")), "the next start removed the logs");
            assertFalse(Files.exists(dir.resolve("objects/pipeline/default/half")), "and the objects");
            assertEquals(404, again.get(P + "/half").status());
            again.deploy(pipeline("half", task("t", "true")));
            assertEquals(List.of(), again.get(P + "/half/objects").json().getJsonArray("objects").getList());
        }
    }
}
