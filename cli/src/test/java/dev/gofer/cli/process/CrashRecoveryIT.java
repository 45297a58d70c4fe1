package dev.gofer.cli.process;

import static dev.gofer.cli.process.HostTools.exitCode;
import static dev.gofer.cli.process.HostTools.output;
import static dev.gofer.cli.process.HostTools.psql;
import static dev.gofer.testing.Command.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gofer as a separate process, stopped hard in the middle of 20 runs of a 5-task DAG, then started
 * again: every run must reach `complete` with what its containers really did, with complete logs, and
 * no Gofer container may be left behind. On SQLite and on PostgreSQL, with SIGKILL and with SIGTERM, and with
 * the Docker engine itself restarted while Gofer is down (which kills the task containers that were running).
 */
class CrashRecoveryIT {
    private static final int RUNS = 20;
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** task → (script, expected status, expected exit code, expected log). */
    private static final Map<String, Object[]> TASKS = Map.of(
            "a", new Object[] {"echo a1; sleep 2; echo a2", "successful", 0, "a1\na2\n"},
            "b", new Object[] {"echo b1; sleep 3; echo b2", "successful", 0, "b1\nb2\n"},
            "c", new Object[] {"echo c1; sleep 3; echo c2 >&2; exit 3", "failed", 3, "c1\nc2\n"},
            "d", new Object[] {"echo d1", "successful", 0, "d1\n"},
            "e", new Object[] {"echo e1; sleep 1; echo e2", "successful", 0, "e1\ne2\n"});

    /** How the first server process ends. */
    private enum Stop { SIGKILL, SIGTERM, SIGKILL_THEN_DOCKER_RESTART }

    @Test
    void killedWithSigkillOnSqlite() throws Exception {
        scenario(null, Stop.SIGKILL);
    }

    @Test
    void killedWithSigkillOnPostgres() throws Exception {
        String schema = "gofer_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        psql("gofer", "CREATE SCHEMA " + schema);
        try {
            scenario("postgres://gofer:gofer@127.0.0.1:5432/gofer?schema=" + schema, Stop.SIGKILL);
        } finally {
            psql("gofer", "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void stoppedWithSigtermOnSqlite() throws Exception {
        scenario(null, Stop.SIGTERM);
    }

    @Test
    void killedAndTheDockerEngineRestartedWhileGoferIsDown() throws Exception {
        scenario(null, Stop.SIGKILL_THEN_DOCKER_RESTART);
    }

    private void scenario(String store, Stop stop) throws Exception {
        Command.requireDockerImage("busybox:latest");
        Path dataDir = Files.createTempDirectory("gofer-crash");
        try {
            scenario(store, stop, dataDir);
        } finally {
            // a passing run has asserted that none is left; a failing one must not leave its containers either
            Command.removeContainers("gofer.instance=" + instanceOf(dataDir));
        }
    }

    private void scenario(String store, Stop stop, Path dataDir) throws Exception {
        int port = GoferProcess.freePort();
        String pipeline = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "/api/namespaces/default/pipelines/" + pipeline;

        String token;
        try (GoferProcess first = GoferProcess.start(dataDir, store, port)) {
            token = first.bootstrap();
            assertEquals(201, first.post(base + "/configs", JSON.writeValueAsString(Map.of("config", config(pipeline)))).statusCode());
            assertEquals(201, first.post(base + "/configs/1", "").statusCode());
            for (int i = 0; i < RUNS; i++) {
                assertEquals(201, first.post(base + "/runs", "{\"variables\":{}}").statusCode());
            }
            // stop it mid-DAG: some runs past their first task, containers still running
            awaitTrue(() -> countTasks(first, base, "complete") >= 5 && countTasks(first, base, "running") >= 1,
                    Duration.ofMinutes(3), "runs to be under way");
            if (stop == Stop.SIGTERM) {
                Duration took = first.terminate(Duration.ofSeconds(30));
                assertTrue(took.toSeconds() < 30, "SIGTERM exits within the bound, took " + took);
            } else {
                first.kill();
            }
        }
        // What the containers really did, read from the engine before Gofer comes back: after an engine restart,
        // the tasks that were running were killed by it, and Gofer must record exactly those exit codes.
        Map<String, Integer> engineExits = Map.of();
        if (stop == Stop.SIGKILL_THEN_DOCKER_RESTART) {
            restartDockerEngine();
            // Containers the engine stopped at shutdown (their scripts end within its stop timeout, or it kills them)
            // and restored at start: Gofer, down all along, must find each and record what it really did.
            engineExits = exitCodes(instanceOf(dataDir));
            assertTrue(engineExits.size() >= RUNS, "task containers outlived the engine restart: " + engineExits);
        }

        try (GoferProcess second = GoferProcess.start(dataDir, store, GoferProcess.freePort())) {
            second.token = token;
            awaitTrue(() -> countRuns(second, base, "complete") == RUNS, Duration.ofMinutes(5), "every run to complete");
            for (int run = 1; run <= RUNS; run++) {
                JsonNode r = JSON.readTree(second.get(base + "/runs/" + run).body()).get("run");
                JsonNode tasks = JSON.readTree(second.get(base + "/runs/" + run + "/tasks").body()).get("task_executions");
                assertEquals("failed", r.get("status").asText(), "run " + run + ": c fails, so the run fails: " + r
                        + "\ntasks: " + tasks + "\nserver output: " + second.output);
                if (stop == Stop.SIGKILL_THEN_DOCKER_RESTART) {
                    checkAfterEngineRestart(second, base, run, r, tasks, engineExits);
                    continue;
                }
                for (JsonNode t : tasks) {
                    Object[] expected = TASKS.get(t.get("task_id").asText());
                    String what = "run " + run + " task " + t.get("task_id").asText() + ": " + t;
                    assertEquals(expected[1], t.get("status").asText(), what);
                    assertEquals(expected[2], t.get("exit_code").asInt(), what);
                    String log = second.get(base + "/runs/" + run + "/tasks/" + t.get("task_id").asText() + "/logs").body();
                    assertEquals(expected[3], log, "complete log, no gaps or repeats: " + what + "\nserver output: " + second.output);
                }
            }
            String instance = instanceOf(dataDir);
            awaitTrue(() -> docker("ps", "-aq", "--filter", "label=gofer.instance=" + instance).isBlank(),
                    Duration.ofSeconds(60), "no Gofer container left behind");
        }
    }

    /**
     * After an engine restart a run may end differently from the undisturbed script (a killed task fails, its
     * dependants are skipped), but every task Gofer reports must match reality: one whose container the engine
     * still had ends with that container's exit code; one that ran afterwards ran its whole script; one that never
     * ran is skipped because a parent did not meet its condition.
     */
    private static void checkAfterEngineRestart(GoferProcess gofer, String base, int run, JsonNode r, JsonNode tasks,
                                                Map<String, Integer> engineExits) throws IOException {
        Map<String, String> statuses = new HashMap<>();
        tasks.forEach(t -> statuses.put(t.get("task_id").asText(), t.get("status").asText()));
        for (JsonNode t : tasks) {
            String task = t.get("task_id").asText();
            String what = "run " + run + " task " + task + ": " + t + "\nrun: " + r;
            assertEquals("complete", t.get("state").asText(), what);
            Integer engineExit = engineExits.get(run + "/" + task);
            String status = t.get("status").asText();
            if (engineExit != null) {
                assertEquals(engineExit.intValue(), t.get("exit_code").asInt(), "the exit code the engine reported: " + what);
                assertEquals(engineExit == 0 ? "successful" : "failed", status, what);
            } else if (status.equals("skipped")) {
                assertTrue(t.get("exit_code").isNull() || t.get("exit_code").isMissingNode(), what);
                Map<String, String> parents = dependsOn(task);
                assertTrue(parents.entrySet().stream().anyMatch(p -> !meets(statuses.get(p.getKey()), p.getValue())),
                        "skipped only when a parent did not meet its condition: " + what + " parents " + statuses);
            } else {
                Object[] expected = TASKS.get(task);
                assertEquals(expected[1], status, what);
                assertEquals(expected[2], t.get("exit_code").asInt(), what);
                String log = gofer.get(base + "/runs/" + run + "/tasks/" + task + "/logs").body();
                assertEquals(expected[3], log, "complete log: " + what);
            }
        }
    }

    private static boolean meets(String parentStatus, String condition) {
        return switch (condition) {
            case "success" -> parentStatus.equals("successful");
            case "failure" -> parentStatus.equals("failed");
            default -> !parentStatus.equals("skipped") && !parentStatus.equals("cancelled");
        };
    }

    /**
     * Stops dockerd the way a host shutdown or package upgrade does (SIGTERM: it stops running containers; SIGKILL
     * after 90 s, as systemd's stop timeout does), then starts it again with scripts/test-env.sh.
     */
    private static void restartDockerEngine() throws Exception {
        String before = output("pgrep", "-x", "dockerd");
        assertEquals(0, exitCode(SHORT, "pkill", "-TERM", "-x", "dockerd"), "stopping dockerd needs root (CI runs as root)");
        if (!eventually(() -> exitCode(SHORT, "pgrep", "-x", "dockerd") != 0, Duration.ofSeconds(90))) {
            System.err.println("CrashRecoveryIT: dockerd still running 90 s after SIGTERM; sending SIGKILL");
            exitCode(SHORT, "pkill", "-KILL", "-x", "dockerd");
            awaitTrue(() -> exitCode(SHORT, "pgrep", "-x", "dockerd") != 0, Duration.ofSeconds(30), "dockerd to exit after SIGKILL");
        }
        assertEquals(0, exitCode(Duration.ofMinutes(5), "bash", "../scripts/test-env.sh"), "starting dockerd again with scripts/test-env.sh");
        String after = output("pgrep", "-x", "dockerd");
        assertTrue(!after.isBlank() && !after.equals(before), "a new dockerd process: before " + before + ", after " + after);
    }

    /** {@code "<run>/<task>" → exit code} of this instance's exited task containers (not running, not only created), as the engine reports them. */
    private static Map<String, Integer> exitCodes(String instance) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        String ids = docker("ps", "-aq", "--filter", "label=gofer.instance=" + instance, "--filter", "label=gofer.role=task");
        for (String id : ids.lines().filter(l -> !l.isBlank()).toList()) {
            String[] f = docker("inspect", "-f", "{{index .Config.Labels \"gofer.run\"}} {{index .Config.Labels \"gofer.task\"}}"
                    + " {{.State.Status}} {{.State.ExitCode}}", id).split(" ");
            // one the engine started while it was shutting down may still run: Gofer re-attaches it like any other;
            // one created but never started (Gofer was killed in between) reports exit code 0 without having run:
            // Gofer starts it when it comes back, and it then runs its whole script
            if (f[2].equals("exited")) {
                out.put(f[0] + "/" + f[1], Integer.parseInt(f[3]));
            }
        }
        return out;
    }

    private static Map<String, String> dependsOn(String task) {
        return Map.of("a", Map.<String, String>of(), "b", Map.of("a", "success"),
                "c", Map.of("a", "success"), "d", Map.of("b", "success"), "e", Map.of("c", "any")).get(task);
    }

    private static Map<String, Object> config(String id) {
        ArrayNode tasks = JSON.createArrayNode();
        for (String task : new String[] {"a", "b", "c", "d", "e"}) {
            ObjectNode t = tasks.addObject();
            t.put("id", task).put("image", "busybox:latest");
            t.putArray("command").add("sh").add("-c").add((String) TASKS.get(task)[0]);
            t.set("depends_on", JSON.valueToTree(dependsOn(task)));
        }
        Map<String, Object> config = new HashMap<>();
        config.put("id", id);
        config.put("name", "Crash test");
        config.put("parallelism", 0);
        config.put("tasks", tasks);
        return config;
    }

    private static long countRuns(GoferProcess gofer, String base, String state) throws IOException {
        JsonNode runs = JSON.readTree(gofer.get(base + "/runs?limit=1000").body()).get("runs");
        long n = 0;
        for (JsonNode r : runs) {
            n += r.get("state").asText().equals(state) ? 1 : 0;
        }
        return n;
    }

    private static long countTasks(GoferProcess gofer, String base, String state) throws IOException {
        long n = 0;
        for (int run = 1; run <= RUNS; run++) {
            for (JsonNode t : JSON.readTree(gofer.get(base + "/runs/" + run + "/tasks").body()).get("task_executions")) {
                n += t.get("state").asText().equals(state) ? 1 : 0;
            }
        }
        return n;
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration bound, String what) throws Exception {
        if (!eventually(check, bound)) {
            throw new AssertionError("timed out after " + bound + " waiting for " + what);
        }
    }

    private static boolean eventually(Check check, Duration bound) throws Exception {
        Instant deadline = Instant.now().plus(bound);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            GoferProcess.pause(200);
        }
        return true;
    }

    /** Same derivation as ServerSettings.instanceId(): the labels tell this test's containers apart. */
    private static String instanceOf(Path dataDir) {
        return dev.gofer.config.ServerSettings.forDataDir(dataDir, 0).instanceId();
    }
}
