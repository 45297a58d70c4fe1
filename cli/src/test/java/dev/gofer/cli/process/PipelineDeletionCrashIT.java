package dev.gofer.cli.process;

import static dev.gofer.cli.process.HostTools.psql;
import static dev.gofer.cli.process.HostTools.sqlite;
import static dev.gofer.testing.Command.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.config.ServerSettings;
import dev.gofer.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gofer as a separate process, killed (SIGKILL) in the middle of {@code DELETE .../pipelines/{p}?force=true} of a
 * pipeline with 50 runs (45 finished, with logs, 6 with run objects; 2 running and 3 pending, which the forced delete
 * must cancel), then started again on the same data dir and database. Whatever the point of the kill, the
 * deletion was asked for and its first steps (cancelling runs) cannot be undone, so the next start finishes it:
 * no pipeline, config, run, task execution, log file, object, secret, subscription row or task container is left,
 * and the id can be used again. Killed at two points observed from outside: while the running runs' containers
 * are being stopped (they ignore SIGTERM and get a 30 s stop timeout, so that phase is long), and once the rows are
 * gone (the API answers 404) while the files may still be there.
 */
class PipelineDeletionCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FINISHED = 45;
    private static final int UNFINISHED = 5;
    private static final int RUNNING = 2;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Where the first process is killed. */
    private enum KillPoint {
        /** The pipeline is disabled and its pending runs are cancelled; the running ones' containers are being stopped. */
        WHILE_CANCELLING,
        /** The delete's transaction committed (the pipeline answers 404); its files may not be removed yet. */
        AFTER_THE_ROWS
    }

    @Test
    void killedWhileCancellingItsRunsOnSqlite() throws Exception {
        scenario(null, KillPoint.WHILE_CANCELLING);
    }

    @Test
    void killedAfterItsRowsOnSqlite() throws Exception {
        scenario(null, KillPoint.AFTER_THE_ROWS);
    }

    @Test
    void killedWhileCancellingItsRunsOnPostgres() throws Exception {
        String schema = "gofer_delcrash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        psql("gofer", "CREATE SCHEMA " + schema);
        try {
            scenario(schema, KillPoint.WHILE_CANCELLING);
        } finally {
            psql("gofer", "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private void scenario(String pgSchema, KillPoint at) throws Exception {
        Command.requireDockerImage("busybox:latest");
        Path dataDir = Files.createTempDirectory("gofer-delete-crash");
        try {
            scenario(pgSchema, at, dataDir);
        } finally {
            Command.removeContainers("gofer.instance=" + instanceOf(dataDir));
        }
    }

    private void scenario(String pgSchema, KillPoint at, Path dataDir) throws Exception {
        String store = pgSchema == null ? null : "postgres://gofer:gofer@127.0.0.1:5432/gofer?schema=" + pgSchema;
        String p = "doomed-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "/api/namespaces/default/pipelines/" + p;
        Path logs = dataDir.resolve("logs/default/" + p);
        String token;
        try (GoferProcess first = GoferProcess.start(dataDir, store, GoferProcess.freePort(), STOP_TIMEOUT)) {
            token = first.bootstrap();
            deploy(first, base, 1, config(p, "echo finished", 0));
            for (int i = 0; i < FINISHED; i++) {
                assertEquals(201, first.post(base + "/runs", "{\"variables\":{}}").statusCode());
            }
            awaitTrue(() -> runs(first, base).stream().filter(r -> r.get("state").asText().equals("complete")).count() == FINISHED,
                    Duration.ofMinutes(4), FINISHED + " runs to finish");
            // run objects of the newest runs (older runs' objects expire once 20 newer runs exist: run_object_expiry)
            for (int run = FINISHED - 10; run <= FINISHED; run += 2) {
                assertEquals(201, first.postBytes(base + "/runs/" + run + "/objects/out", ("run " + run).getBytes()).statusCode());
            }
            assertEquals(201, first.postBytes(base + "/objects/cache", "pipeline bytes".getBytes()).statusCode());
            assertEquals(201, first.post(base + "/secrets", "{\"key\": \"pw\", \"content\": \"hunter2\"}").statusCode());
            // the shell is PID 1 of its container: it ignores SIGTERM, so each stop takes the whole stop timeout
            deploy(first, base, 2, config(p, "sleep 600", RUNNING));
            for (int i = 0; i < UNFINISHED; i++) {
                assertEquals(201, first.post(base + "/runs", "{\"variables\":{}}").statusCode());
            }
            awaitTrue(() -> count(runs(first, base), "running") == RUNNING && count(runs(first, base), "pending") == UNFINISHED - RUNNING
                    && runningTasks(first, base) == RUNNING, Duration.ofMinutes(2), RUNNING + " runs running and the rest pending");
            assertTrue(Files.isDirectory(logs) && Files.isDirectory(dataDir.resolve("objects/run/default/" + p)),
                    "the fixture's files exist");

            first.deleteAsync(base + "?force=true");
            if (at == KillPoint.WHILE_CANCELLING) {
                awaitTrue(() -> pipelineState(first, base).equals("disabled") && count(runs(first, base), "pending") == 0
                        && count(runs(first, base), "running") == RUNNING, Duration.ofSeconds(20),
                        "the pipeline disabled, its pending runs cancelled and its running ones being stopped");
            } else {
                awaitTrue(() -> first.get(base).statusCode() == 404, STOP_TIMEOUT.plusSeconds(30), "the rows to be deleted");
            }
            first.kill();
        }

        try (GoferProcess second = GoferProcess.start(dataDir, store, GoferProcess.freePort(), STOP_TIMEOUT)) {
            second.token = token;
            awaitTrue(() -> second.get(base).statusCode() == 404 && !Files.exists(logs)
                            && !Files.exists(dataDir.resolve("objects/run/default/" + p))
                            && !Files.exists(dataDir.resolve("objects/pipeline/default/" + p))
                            && rowsLeft(dataDir, pgSchema, p).isEmpty()
                            && docker("ps", "-aq", "--filter", "label=gofer.pipeline=" + p).isBlank(),
                    STOP_TIMEOUT.plusSeconds(60), () -> "the deletion to be finished by the next start: pipeline "
                            + second.get(base).statusCode() + ", logs " + Files.exists(logs) + ", rows " + rowsLeft(dataDir, pgSchema, p)
                            + ", containers " + docker("ps", "-aq", "--filter", "label=gofer.pipeline=" + p).lines().count()
                            + "\nserver output: " + second.output);
            // the id is free again, and nothing of the old pipeline comes back with it
            deploy(second, base, 1, config(p, "true", 0));
            assertEquals(0, JSON.readTree(second.get(base + "/runs").body()).get("runs").size());
            assertEquals(0, JSON.readTree(second.get(base + "/objects").body()).get("objects").size());
            assertEquals(0, JSON.readTree(second.get(base + "/secrets").body()).get("secrets").size());
            assertEquals(1, JSON.readTree(second.get(base + "/configs").body()).get("configs").size());
        }
    }

    /** What the database still holds of the pipeline, table by table (the events that record its history aside). */
    private static List<String> rowsLeft(Path dataDir, String pgSchema, String p) throws Exception {
        String owner = "default/" + p;
        Map<String, String> queries = Map.of(
                "pipelines", "pipeline_id = '" + p + "'",
                "pipeline_configs", "pipeline_id = '" + p + "'",
                "deployments", "pipeline_id = '" + p + "'",
                "runs", "pipeline_id = '" + p + "'",
                "task_executions", "pipeline_id = '" + p + "'",
                "extension_subscriptions", "pipeline_id = '" + p + "'",
                "pending_file_removals", "pipeline_id = '" + p + "'",
                "object_keys", "owner = '" + owner + "' OR owner LIKE '" + owner + "/%'",
                "secrets", "owner = '" + owner + "'");
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String sql = "SELECT count(*) FROM " + (pgSchema == null ? "" : pgSchema + ".") + q.getKey() + " WHERE " + q.getValue();
            String n = pgSchema == null ? sqlite(dataDir.resolve("gofer.db"), sql) : psql("gofer", sql, "-tA");
            if (!n.trim().equals("0")) {
                left.add(q.getKey() + "=" + n.trim());
            }
        }
        return left;
    }

    private static void deploy(GoferProcess gofer, String base, int version, ObjectNode config) throws IOException {
        assertEquals(201, gofer.post(base + "/configs", JSON.createObjectNode().set("config", config).toString()).statusCode());
        assertEquals(201, gofer.post(base + "/configs/" + version, "").statusCode());
    }

    private static ObjectNode config(String id, String script, int maxConcurrentRuns) {
        ObjectNode config = JSON.createObjectNode().put("id", id).put("name", "Deleted while Gofer dies")
                .put("max_concurrent_runs", maxConcurrentRuns);
        ObjectNode task = config.putArray("tasks").addObject().put("id", "t").put("image", "busybox:latest");
        task.putArray("command").add("sh").add("-c").add(script);
        return config;
    }

    private static List<JsonNode> runs(GoferProcess gofer, String base) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(gofer.get(base + "/runs?limit=1000").body()).get("runs").forEach(out::add);
        return out;
    }

    private static long count(List<JsonNode> runs, String state) {
        return runs.stream().filter(r -> r.get("state").asText().equals(state)).count();
    }

    private static long runningTasks(GoferProcess gofer, String base) throws IOException {
        long n = 0;
        for (JsonNode r : runs(gofer, base)) {
            for (JsonNode t : JSON.readTree(gofer.get(base + "/runs/" + r.get("run_id").asLong() + "/tasks").body()).get("task_executions")) {
                n += t.get("state").asText().equals("running") ? 1 : 0;
            }
        }
        return n;
    }

    private static String pipelineState(GoferProcess gofer, String base) throws IOException {
        JsonNode body = JSON.readTree(gofer.get(base).body());
        return body.has("pipeline") ? body.get("pipeline").get("state").asText() : "gone";
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private interface Description {
        String get() throws Exception;
    }

    private static void awaitTrue(Check check, Duration bound, String what) throws Exception {
        awaitTrue(check, bound, () -> what);
    }

    private static void awaitTrue(Check check, Duration bound, Description what) throws Exception {
        Instant deadline = Instant.now().plus(bound);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + bound + " waiting for " + what.get());
            }
            GoferProcess.pause(50);
        }
    }

    /** Same derivation as ServerSettings.instanceId(): the labels tell this test's containers apart. */
    private static String instanceOf(Path dataDir) {
        return ServerSettings.forDataDir(dataDir, 0).instanceId();
    }
}
