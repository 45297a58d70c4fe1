package dev.gofer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.GoferServer;
import dev.gofer.cli.GoferCli.Result;
import dev.gofer.config.ServerSettings;
import dev.gofer.testing.Command;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real in-process server and Docker engine: every command a user types in the README's
 * first steps. Needs Docker with busybox:latest (`bash scripts/test-env.sh`); without it these tests fail.
 */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Vertx vertx;
    /** Test servers need an encryption key (64 hex chars); this one protects nothing real. */
    static final String TEST_KEY_HEX = "74657374206b6579206f6620676f6665722074657374732c206e6f7420736563";
    private static GoferServer server;
    private static GoferCli gofer;

    @BeforeAll
    static void startServer() throws Exception {
        Command.requireDockerImage("busybox:latest");
        vertx = Vertx.vertx();
        ServerSettings settings = ServerSettings.forDataDir(dir.resolve("data"), 0).withTaskStopTimeout(Duration.ofSeconds(1))
                .withEncryptionKey(dev.gofer.config.EncryptionKey.parse(TEST_KEY_HEX).orElseThrow());
        server = GoferServer.start(vertx, settings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        gofer = GoferCli.against("http://127.0.0.1:" + server.port(), dir.resolve("cli.yaml"));
        Result bootstrap = gofer.run("token", "bootstrap");
        assertEquals(0, bootstrap.exitCode(), bootstrap::toString);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            GoferCli.awaitNoTaskContainers(dir.resolve("data"));
            server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHelloExampleDeploysAndRunsToSuccess() {
        Result deploy = ok(gofer.run("pipeline", "deploy", "../examples/hello.yaml"));
        assertTrue(Pattern.compile("pipeline hello: registered version \\d+ and deployed it").matcher(deploy.out()).find(), deploy::toString);

        Result run = gofer.run("run", "start", "hello", "--wait");
        assertEquals(0, run.exitCode(), run::toString);
        for (String task : new String[] {"greet", "count", "summary"}) {
            assertTrue(Pattern.compile("(?m)^" + task + "\\s+successful\\s+0\\s").matcher(run.out()).find(), run::toString);
        }
        assertTrue(run.out().contains("successful after"), run::toString);
        assertTrue(run.err().contains("\rrun ") && run.err().contains("3/3 tasks done"), "progress line: " + run.err());

        Result greeted = ok(gofer.run("run", "start", "hello", "--var", "GREETING=Bonjour", "--wait"));
        long runId = lastRunId("hello");
        assertTrue(greeted.out().contains("run " + runId + " of hello: successful"), greeted::toString);
        assertTrue(ok(gofer.run("task", "logs", "hello", String.valueOf(runId), "greet")).out()
                .startsWith("Bonjour, world! (task greet of run " + runId + ")"), "the README's example works");

        Result pipelines = ok(gofer.run("pipeline", "list"));
        assertTrue(Pattern.compile("(?m)^hello\\s+active\\s").matcher(pipelines.out()).find(), pipelines::toString);

        Result pipeline = ok(gofer.run("pipeline", "get", "hello"));
        assertTrue(pipeline.out().contains("summary") && pipeline.out().contains("greet (success)"), pipeline::toString);
        assertTrue(pipeline.out().contains("Last runs:") && pipeline.out().contains("successful"), pipeline::toString);
    }

    @Test
    void aFailingPipelineMakesRunStartWaitExitWithOne() throws IOException {
        deploy("fails.json", """
                {"id": "fails", "name": "Fails", "tasks": [
                  {"id": "bad", "image": "busybox:latest", "command": ["sh", "-c", "echo about to fail; exit 3"]},
                  {"id": "after", "image": "busybox:latest", "depends_on": {"bad": "success"}, "command": ["true"]}]}
                """, "fails");

        Result run = gofer.run("run", "start", "fails", "--wait");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(Pattern.compile("(?m)^bad\\s+failed\\s+3\\s").matcher(run.out()).find(), run::toString);
        assertTrue(Pattern.compile("(?m)^after\\s+skipped\\s").matcher(run.out()).find(), run::toString);
        assertTrue(run.err().contains("gofer task logs fails"), "says where to look next: " + run.err());
    }

    @Test
    void theTaskControlsExampleShowsAttemptsAndKeepsEachAttemptsLog() {
        ok(gofer.run("pipeline", "deploy", "../examples/task-controls.yaml"));
        Result run = gofer.run("run", "start", "task-controls", "--wait");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Pattern.compile("(?m)^flaky\\s+successful \\(attempt 3\\)\\s+0\\s").matcher(run.out()).find(), run::toString);
        String runId = String.valueOf(lastRunId("task-controls"));

        Result task = ok(gofer.run("task", "get", "task-controls", runId, "flaky"));
        assertTrue(task.out().contains("attempt:    3 of 3"), task::toString);
        assertTrue(task.out().contains("attempt 1: exit code 1, abnormal_exit") && task.out().contains("attempt 2: exit code 1"), task::toString);
        assertEquals("attempt 1\n", ok(gofer.run("task", "logs", "task-controls", runId, "flaky", "--attempt", "1")).out());
        assertEquals("attempt 3\n", ok(gofer.run("task", "logs", "task-controls", runId, "flaky")).out());
        Result bounded = ok(gofer.run("task", "get", "task-controls", runId, "bounded"));
        assertTrue(bounded.out().contains("timeout:    30s"), bounded::toString);

        // the fifth control: re-running reuses what succeeded (here, everything) without starting a container
        Result retried = ok(gofer.run("run", "retry", "task-controls", runId, "--wait"));
        assertTrue(retried.out().contains("reused"), retried::toString);
    }

    @Test
    void badRunControlsAreRefusedBeforeAnythingIsSent() throws IOException {
        Path file = Files.writeString(dir.resolve("bad-controls.yaml"), """
                id: bad-controls
                name: Bad controls
                tasks:
                  - id: a
                    image: busybox:latest
                    timeout: 0s
                    retry: {attempts: 11}
                    resources: {memory: 1m}
                """);
        Result deploy = gofer.run("pipeline", "deploy", file.toString());
        assertTrue(deploy.exitCode() != 0, deploy::toString);
        assertTrue(deploy.err().contains("tasks[0].timeout") && deploy.err().contains("tasks[0].retry.attempts: must be 1 to 10")
                && deploy.err().contains("tasks[0].resources.memory"), deploy::toString);
        Result unknown = gofer.run("pipeline", "deploy", Files.writeString(dir.resolve("unknown-field.yaml"), """
                id: unknown-field
                name: Unknown field
                tasks:
                  - id: a
                    image: busybox:latest
                    retry: {attempts: 2, tries: 3}
                """).toString());
        assertTrue(unknown.err().contains("tasks[0].retry.tries: unknown field"), unknown::toString);
    }

    @Test
    void runRetryReusesWhatSucceededAndFromRerunsATaskAndItsDependants() throws IOException {
        deploy("flaky.json", """
                {"id": "flaky", "name": "Flaky", "tasks": [
                  {"id": "build", "image": "busybox:latest", "command": ["sh", "-c", "echo built in $GOFER_RUN_ID"]},
                  {"id": "test", "image": "busybox:latest", "depends_on": {"build": "success"},
                   "command": ["sh", "-c", "[ $GOFER_RUN_ID -gt 1 ]"]}]}
                """, "flaky");
        assertEquals(1, gofer.run("run", "start", "flaky", "--wait").exitCode());

        Result retried = gofer.run("run", "retry", "flaky", "1", "--wait");

        assertEquals(0, retried.exitCode(), retried::toString);
        assertTrue(Pattern.compile("(?m)^build\\s+successful\\s+0\\s.*reused from run 1").matcher(retried.out()).find(), retried::toString);
        assertTrue(Pattern.compile("(?m)^test\\s+successful\\s+0\\s").matcher(retried.out()).find(), retried::toString);
        assertEquals("built in 1", ok(gofer.run("task", "logs", "flaky", "2", "build")).out().strip(), "the reused task's log");

        JsonNode third = json(ok(gofer.run("run", "retry", "flaky", "2", "--from", "build", "--json")).out());
        assertEquals(3, third.path("run").path("run_id").asLong());
        untilTrue("run 3 is complete", () -> gofer.run("run", "get", "flaky", "3").out().contains("state:     complete"));
        assertEquals("built in 3", ok(gofer.run("task", "logs", "flaky", "3", "build")).out().strip(), "--from build ran it again");

        Result unknown = gofer.run("run", "retry", "flaky", "1", "--from", "nope");
        assertTrue(unknown.exitCode() != 0 && unknown.err().contains("from: unknown task 'nope'"), unknown::toString);
    }

    @Test
    void aPendingRunSaysWhatItWaitsFor() throws IOException {
        deploy("one-at-a-time.json", """
                {"id": "one-at-a-time", "name": "One at a time", "max_concurrent_runs": 1, "tasks": [
                  {"id": "work", "image": "busybox:latest", "command": ["sh", "-c", "sleep 3"]}]}
                """, "one-at-a-time");
        ok(gofer.run("run", "start", "one-at-a-time"));
        ok(gofer.run("run", "start", "one-at-a-time"));

        untilTrue("run 2 says what it waits for", () -> gofer.run("run", "get", "one-at-a-time", "2").out()
                .contains("waiting:   1 run(s) of one-at-a-time running, max_concurrent_runs is 1 (max_concurrent_runs; behind run 1 of one-at-a-time)"));
        Result list = ok(gofer.run("run", "list", "one-at-a-time"));
        assertTrue(Pattern.compile("(?m)^2\\s+pending\\s.*waiting: ").matcher(list.out()).find(), list::toString);
        untilTrue("run 2 is complete", () -> gofer.run("run", "get", "one-at-a-time", "2").out().contains("state:     complete"));
    }

    @Test
    void theInputsExampleListsChecksAndFillsItsInputs() {
        Result deployed = ok(gofer.run("pipeline", "deploy", "../examples/inputs.yaml"));
        assertTrue(deployed.out().contains("pipeline inputs: registered version"), deployed::toString);

        Result get = ok(gofer.run("pipeline", "get", "inputs"));
        assertTrue(Pattern.compile("(?m)^TARGET\\s+choice \\(staging\\|prod\\)\\s+staging\\s+where to deploy").matcher(get.out()).find(), get::toString);
        assertTrue(Pattern.compile("(?m)^REPLICAS\\s+number\\s+3\\s").matcher(get.out()).find(), get::toString);
        assertTrue(Pattern.compile("(?m)^TICKET\\s+string\\s+\\(required\\)\\s+the change ticket").matcher(get.out()).find(), get::toString);

        Result missing = gofer.run("run", "start", "inputs");
        assertTrue(missing.exitCode() != 0 && missing.err().contains("inputs.TICKET: is required and was not given"), missing::toString);
        Result wrong = gofer.run("run", "start", "inputs", "--var", "TICKET=CH-9", "--var", "TARGET=qa");
        assertTrue(wrong.exitCode() != 0 && wrong.err().contains("inputs.TARGET: must be one of staging, prod, got 'qa'"), wrong::toString);
        Result undeclared = gofer.run("run", "start", "inputs", "--var", "TICKET=CH-9", "--var", "COLOR=red");
        assertTrue(undeclared.exitCode() != 0 && undeclared.err().contains("variables.COLOR") && undeclared.err().contains("declares inputs"),
                undeclared::toString);
        assertTrue(ok(gofer.run("run", "list", "inputs")).out().contains("no runs"), "no run was created");

        ok(gofer.run("run", "start", "inputs", "--var", "TICKET=CH-9", "--wait"));
        assertEquals("deploying 3 to staging for CH-9 (dry run: false)", ok(gofer.run("task", "logs", "inputs", String.valueOf(lastRunId("inputs")),
                "ship")).out().strip(), "the defaults reach the container");
    }

    @Test
    void runVariablesReachTheContainerAndRunsTasksAndLogsCanBeInspected() throws IOException {
        deploy("vars.json", """
                {"id": "vars", "name": "Variables", "tasks": [
                  {"id": "show", "image": "busybox:latest", "command": ["sh", "-c", "echo \\"MY_VAR=$MY_VAR\\""]}]}
                """, "vars");

        Result run = gofer.run("run", "start", "vars", "--var", "MY_VAR=from-cli", "--wait", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode result = json(run.out());
        long runId = result.path("run").path("run_id").asLong();
        assertEquals("successful", result.path("run").path("status").asText(), run::toString);
        assertEquals("show", result.path("task_executions").get(0).path("task_id").asText());

        Result logs = ok(gofer.run("task", "logs", "vars", String.valueOf(runId), "show"));
        assertTrue(logs.out().contains("MY_VAR=from-cli"), logs::toString);
        Result followed = ok(gofer.run("task", "logs", "vars", String.valueOf(runId), "show", "--follow"));
        assertTrue(followed.out().contains("MY_VAR=from-cli"), followed::toString);

        Result runs = ok(gofer.run("run", "list", "vars"));
        assertTrue(Pattern.compile("(?m)^" + runId + "\\s+complete\\s+successful\\s").matcher(runs.out()).find(), runs::toString);
        JsonNode runsJson = json(ok(gofer.run("run", "list", "vars", "--limit", "1", "--json")).out());
        assertEquals(runId, runsJson.path("runs").get(0).path("run_id").asLong(), "newest first");

        Result one = ok(gofer.run("run", "get", "vars", String.valueOf(runId)));
        assertTrue(one.out().contains("status:    successful"), one::toString);
        assertTrue(one.out().contains("MY_VAR=from-cli"), one::toString);
        assertEquals(runId, json(ok(gofer.run("run", "get", "vars", String.valueOf(runId), "--json")).out())
                .path("run").path("run_id").asLong());

        Result tasks = ok(gofer.run("task", "list", "vars", String.valueOf(runId)));
        assertTrue(Pattern.compile("(?m)^show\\s+complete\\s+successful\\s+0\\s").matcher(tasks.out()).find(), tasks::toString);
        assertEquals("show", json(ok(gofer.run("task", "list", "vars", String.valueOf(runId), "--json")).out())
                .path("task_executions").get(0).path("task_id").asText());

        Result task = ok(gofer.run("task", "get", "vars", String.valueOf(runId), "show"));
        assertTrue(task.out().contains("exit code:  0") && task.out().contains("image:      busybox:latest"), task::toString);
        assertTrue(task.out().contains("MY_VAR"), task::toString);
        JsonNode taskJson = json(ok(gofer.run("task", "get", "vars", String.valueOf(runId), "show", "--json")).out());
        assertEquals(0, taskJson.path("task_execution").path("exit_code").asInt(-1));
    }

    @Test
    void aJavaPipelineFileDeploysAndRuns() throws IOException {
        Path program = Files.writeString(dir.resolve("FromJava.java"), """
                import dev.gofer.sdk.config.PipelineConfig;
                import dev.gofer.sdk.config.TaskConfig;

                public class FromJava {
                    public static void main(String[] args) {
                        PipelineConfig.builder("from-java", "From Java")
                                .task(TaskConfig.builder("a", "busybox:latest").command("sh", "-c", "echo hi"))
                                .finish();
                    }
                }
                """);
        Result deploy = ok(gofer.run("pipeline", "deploy", program.toString()));
        assertTrue(deploy.out().contains("pipeline from-java: registered version 1 and deployed it"), deploy::toString);

        Result run = ok(gofer.run("run", "start", "from-java", "--wait"));
        long runId = lastRunId("from-java");
        assertTrue(run.out().contains("run " + runId + " of from-java: successful"), run::toString);
        assertEquals("hi", ok(gofer.run("task", "logs", "from-java", String.valueOf(runId), "a")).out().strip());
    }

    @Test
    void registeringWithoutDeployingAndPrintingJson() throws IOException {
        Path file = Files.writeString(dir.resolve("quiet.yaml"), """
                id: quiet
                name: Quiet
                tasks:
                  - {id: a, image: busybox:latest, command: ["true"]}
                """);
        ok(gofer.run("pipeline", "deploy", file.toString()));
        Result second = ok(gofer.run("pipeline", "deploy", file.toString(), "--no-deploy"));
        assertTrue(second.out().contains("pipeline quiet: registered version 2 (not deployed"), second::toString);

        JsonNode third = json(ok(gofer.run("pipeline", "deploy", file.toString(), "--json")).out());
        assertEquals(3, third.path("pipeline").path("config").path("version").asLong(), third::toString);
        assertTrue(third.path("deployment").isObject(), third::toString);

        JsonNode pipeline = json(ok(gofer.run("pipeline", "get", "quiet", "--json")).out());
        assertEquals("quiet", pipeline.path("pipeline").path("pipeline_id").asText(), pipeline::toString);
        assertTrue(json(ok(gofer.run("pipeline", "list", "--json")).out()).path("pipelines").isArray());
    }

    @Test
    void oneTaskCanBeCancelledAndItsDependantIsSkipped() throws IOException {
        deploy("one-task.json", """
                {"id": "one-task", "name": "One task", "tasks": [
                  {"id": "wait", "image": "busybox:latest", "command": ["sleep", "600"]},
                  {"id": "after", "image": "busybox:latest", "command": ["true"], "depends_on": {"wait": "success"}}]}
                """, "one-task");
        String runId = ok(gofer.run("run", "start", "one-task")).out().strip();
        untilTrue("task 'wait' is running", () -> gofer.run("task", "get", "one-task", runId, "wait").out().contains("running"));

        // attach runs a command in the task's container: its output on stdout/stderr, its exit code the CLI's
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.InputStream in = System.in;
        java.io.ByteArrayOutputStream attachedOut = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream attachedErr = new java.io.ByteArrayOutputStream();
        Result attached;
        try {
            System.setOut(new java.io.PrintStream(attachedOut, true));
            System.setErr(new java.io.PrintStream(attachedErr, true));
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            attached = gofer.run("task", "attach", "one-task", runId, "wait", "-c", "echo from-attach; echo oops >&2; exit 5");
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
        assertEquals(5, attached.exitCode(), attached + " out " + attachedOut + " err " + attachedErr);
        assertEquals("from-attach\n", attachedOut.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("oops\n", attachedErr.toString(java.nio.charset.StandardCharsets.UTF_8));

        Result cancel = ok(gofer.run("task", "cancel", "one-task", runId, "wait"));
        assertTrue(cancel.out().contains("cancelling task wait of run " + runId), cancel::toString);
        untilTrue("run " + runId + " is complete", () -> gofer.run("run", "get", "one-task", runId).out().contains("state:     complete"));
        assertTrue(ok(gofer.run("run", "get", "one-task", runId)).out().contains("status:    cancelled"));
        assertTrue(ok(gofer.run("task", "get", "one-task", runId, "after")).out().contains("skipped"));
        Result again = gofer.run("task", "cancel", "one-task", runId, "wait");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already complete"), again::toString);
    }

    @Test
    void aRunCanBeCancelled() throws IOException {
        deploy("slow.json", """
                {"id": "slow", "name": "Slow", "tasks": [
                  {"id": "wait", "image": "busybox:latest", "command": ["sleep", "60"]}]}
                """, "slow");
        Result started = ok(gofer.run("run", "start", "slow"));
        String runId = started.out().strip();
        assertTrue(runId.matches("\\d+"), "prints only the run id: " + started);

        untilTrue("task 'wait' is running", () -> gofer.run("task", "list", "slow", runId).out().contains("running"));
        Result cancel = ok(gofer.run("run", "cancel", "slow", runId));
        assertTrue(cancel.out().contains("cancelling run " + runId), cancel::toString);

        untilTrue("run " + runId + " is complete", () -> gofer.run("run", "get", "slow", runId).out().contains("state:     complete"));
        Result run = ok(gofer.run("run", "get", "slow", runId));
        assertTrue(run.out().contains("status:    cancelled"), run::toString);
    }

    @Test
    void configHistoryDeletionsAndSystemPreferencesFromTheCommandLine() throws IOException {
        String v1 = """
                {"id": "history", "name": "History", "tasks": [
                  {"id": "t", "image": "busybox:latest", "command": ["echo", "printed-by-mistake"]}]}
                """;
        deploy("history.json", v1, "history");
        deploy("history.json", v1.replace("printed-by-mistake", "v2"), "history");
        Result deployments = ok(gofer.run("pipeline", "deployment", "list", "history"));
        assertTrue(deployments.out().contains("v1") && deployments.out().contains("v2"), deployments::toString);
        Result live = gofer.run("pipeline", "config", "delete", "history", "2");
        assertEquals(1, live.exitCode(), live::toString);
        assertTrue(live.err().contains("live"), live::toString);
        ok(gofer.run("pipeline", "config", "delete", "history", "1"));
        assertTrue(ok(gofer.run("pipeline", "config", "list", "history")).out().lines().noneMatch(l -> l.startsWith("1 ")));

        deploy("history.json", v1, "history");
        String runId = ok(gofer.run("run", "start", "history")).out().strip();
        untilTrue("run " + runId + " is complete", () -> gofer.run("run", "get", "history", runId).out().contains("state:     complete"));
        ok(gofer.run("task", "delete-logs", "history", runId, "t"));
        Result gone = gofer.run("task", "logs", "history", runId, "t");
        assertEquals(1, gone.exitCode(), gone::toString);
        assertTrue(gone.err().contains("deleted") && !gone.out().contains("printed-by-mistake"), gone::toString);

        assertTrue(ok(gofer.run("system", "get")).out().contains("ignore pipeline run events: false"));
        assertTrue(ok(gofer.run("system", "set", "--ignore-pipeline-run-events=true")).out().contains("ignore pipeline run events: true"));
        ok(gofer.run("system", "set", "--ignore-pipeline-run-events=false"));

        String eventId = json(ok(gofer.run("event", "list", "--json")).out().lines().findFirst().orElseThrow()).path("id").asText();
        assertTrue(ok(gofer.run("event", "delete", eventId)).out().contains("event " + eventId + " deleted"));

        ok(gofer.run("pipeline", "delete", "history"));
        assertEquals(1, gofer.run("pipeline", "get", "history").exitCode());
    }

    @Test
    void serverErrorsAreOneLineWithTheServersMessage() {
        Result unknown = gofer.run("run", "get", "no-such-pipeline", "1");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().startsWith("error: ") && unknown.err().strip().lines().count() == 1, unknown::toString);
        assertTrue(unknown.out().isEmpty(), unknown::toString);
    }

    // ---- helpers ----

    private static void deploy(String fileName, String content, String pipelineId) throws IOException {
        Path file = Files.writeString(dir.resolve(fileName), content);
        Result deploy = ok(gofer.run("pipeline", "deploy", file.toString()));
        assertTrue(deploy.out().contains("pipeline " + pipelineId + ": registered version"), deploy::toString);
    }

    private static long lastRunId(String pipeline) {
        return json(ok(gofer.run("run", "list", pipeline, "--limit", "1", "--json")).out()).path("runs").get(0).path("run_id").asLong();
    }

    @Test
    void bootstrapSavesTheRootTokenOwnerOnlyAndWorksOnce() throws Exception {
        Path config = dir.resolve("cli.yaml");
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(config), "the token file is readable by its owner only");
        assertTrue(Files.readString(config).startsWith("---\ntoken:") || Files.readString(config).contains("token:"), "YAML with the token");
        Result who = ok(gofer.run("token", "whoami"));
        assertTrue(who.out().contains("roles:    admin"), who::toString);
        Result again = gofer.run("token", "bootstrap");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already issued"), again::toString);
        Result bogus = gofer.run("namespace", "list", "--token", "not-a-token");
        assertEquals(1, bogus.exitCode());
        assertTrue(bogus.err().contains("token not recognised"), bogus::toString);
    }

    @Test
    void tokensAndRolesFromTheCommandLine() {
        ok(gofer.run("role", "create", "cli-reader", "--description", "reads runs",
                "--permission", "read=namespaces:default,pipelines:.*,runs,task_executions"));
        assertTrue(ok(gofer.run("role", "get", "cli-reader")).out().contains("read=namespaces:default,pipelines:.*,runs,task_executions"));
        assertTrue(ok(gofer.run("role", "list")).out().contains("read-only"));
        Result bad = gofer.run("role", "create", "cli-bad", "--permission", "read-runs");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("ACTIONS=RESOURCES"), bad::toString);

        Result created = ok(gofer.run("token", "create", "--user", "reader-bot", "--role", "cli-reader", "--expires", "1h"));
        String secret = created.out().strip();
        assertTrue(secret.length() >= 32, created::toString);
        String id = created.err().replaceAll("(?s).*token (\\S+) for reader-bot.*", "$1");
        Result list = ok(gofer.run("token", "list"));
        assertTrue(list.out().contains(id) && list.out().contains("reader-bot") && !list.out().contains(secret), list::toString);
        assertTrue(ok(gofer.run("token", "whoami", "--token", secret)).out().contains("user:     reader-bot"));
        Result denied = gofer.run("namespace", "create", "nope", "--token", secret);
        assertEquals(1, denied.exitCode());
        assertTrue(denied.err().contains("admin role"), denied::toString);

        ok(gofer.run("token", "disable", id));
        assertTrue(ok(gofer.run("token", "get", id)).out().contains("state:    disabled"));
        assertEquals(1, gofer.run("token", "whoami", "--token", secret).exitCode());
        ok(gofer.run("token", "enable", id));
        ok(gofer.run("token", "whoami", "--token", secret));
        ok(gofer.run("token", "delete", id));
        assertEquals(1, gofer.run("token", "whoami", "--token", secret).exitCode());
        ok(gofer.run("role", "delete", "cli-reader"));
    }

    @Test
    void namespacesFromTheCommandLine() {
        ok(gofer.run("namespace", "create", "cli-team", "--name", "CLI team", "--description", "made by the CLI test"));
        assertTrue(ok(gofer.run("namespace", "list")).out().contains("cli-team"));
        ok(gofer.run("namespace", "update", "cli-team", "--name", "CLI team 2"));
        assertTrue(ok(gofer.run("namespace", "get", "cli-team")).out().contains("name:        CLI team 2"));
        ok(gofer.run("pipeline", "deploy", "../examples/hello.yaml", "--namespace", "cli-team"));
        Result refused = gofer.run("namespace", "delete", "cli-team");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("pass --yes"), refused::toString);
        ok(gofer.run("namespace", "get", "cli-team"));
        ok(gofer.run("namespace", "delete", "cli-team", "--yes"));
        Result gone = gofer.run("namespace", "get", "cli-team");
        assertEquals(1, gone.exitCode());
        assertTrue(gone.err().contains("not found"), gone::toString);
    }

    @Test
    void aDisabledPipelineStartsNothingUntilEnabledAndEventsShowIt() {
        ok(gofer.run("pipeline", "deploy", "../examples/hello.yaml"));
        ok(gofer.run("pipeline", "disable", "hello"));
        Result refused = gofer.run("run", "start", "hello");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("disabled"), refused::toString);
        ok(gofer.run("pipeline", "enable", "hello"));
        Result events = ok(gofer.run("event", "list"));
        assertTrue(Pattern.compile("(?m)^[0-9a-f]{18}  \\S+  disabled_pipeline  namespace_id=default pipeline_id=hello$")
                .matcher(events.out()).find(), events::toString);
        assertTrue(events.out().indexOf("disabled_pipeline") < events.out().lastIndexOf("enabled_pipeline"), events::toString);
    }

    private static Result ok(Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return fail("not JSON: " + text, e);
        }
    }

    /** Polls until {@code condition} holds, failing at the deadline; never a fixed sleep. */
    private static void untilTrue(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(RUN_DEADLINE);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                fail("gave up after " + RUN_DEADLINE.toSeconds() + "s waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
