package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.config.TaskLimits;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskAttempt;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.RequiredParentStatus;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.sdk.config.TaskRetry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, retries and resource limits, driven like {@link OrchestratorTest}: an in-memory store, a fake engine,
 * and timers on a clock the test moves, so every deadline and backoff fires exactly when the test says.
 */
@DisplayName("Orchestrator: task and run timeouts, retries, resource limits (fake engine, fake clock)")
class OrchestratorRunControlsTest {
    private static final String NS = "default";
    private static final String PIPELINE = "build";
    private static final Duration GRACE = Duration.ofSeconds(7);
    private static final Map<String, String> INSTANCE = Map.of("gofer.instance", "test");

    private final InMemoryRunStore store = new InMemoryRunStore();
    private final FakeContainers engine = new FakeContainers();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final FakeTimers timers = new FakeTimers(clock);
    private TaskLimits limits = TaskLimits.NONE;
    private Orchestrator orchestrator = newOrchestrator();

    private Orchestrator newOrchestrator() {
        return new Orchestrator(store, engine, GRACE, clock::get, INSTANCE, RunResources.NONE, limits, timers);
    }

    // ---- task timeouts -------------------------------------------------------------------------

    @Test
    @DisplayName("a task past its timeout is stopped with the grace period, fails as timeout, and its children follow the failure")
    void taskTimeout() {
        deploy(null, task("a").timeout("2s"), task("b").dependsOn("a", RequiredParentStatus.SUCCESS),
                task("c").dependsOn("a", RequiredParentStatus.FAILURE));
        Run run = start();
        assertEquals(3_000, store.task(run.key(), "a").deadline(), "the deadline is stored: started + timeout");

        timers.advanceTo(2_999);
        assertEquals(List.of(), engine.stops, "not a millisecond early");
        timers.advanceTo(3_000);
        assertEquals(List.of("a"), engine.stops);
        assertEquals(List.of(GRACE), engine.stopGraces, "SIGTERM, then SIGKILL after task_stop_timeout");

        exit(run, "a", 143);
        TaskExecution a = store.task(run.key(), "a");
        assertEquals(TaskStatus.FAILED, a.status());
        assertEquals(StatusReason.TIMEOUT, a.statusReason().reason());
        assertTrue(a.statusReason().description().contains("2s"), a.statusReason().description());
        assertEquals(TaskStatus.SKIPPED, store.task(run.key(), "b").status());
        assertEquals(List.of("a", "c"), engine.starts, "the failure branch runs");
        exit(run, "c", 0);
        assertEquals(RunStatus.FAILED, store.run(1).status());
        assertEquals(StatusReason.TIMEOUT, store.run(1).statusReason().reason());
    }

    @Test
    @DisplayName("a task that ends before its deadline leaves no timer behind")
    void taskEndsBeforeItsTimeout() {
        deploy(null, task("a").timeout("5m"));
        Run run = start();
        exit(run, "a", 0);

        assertEquals(List.of(), timers.pendingTimes());
        timers.advanceTo(10_000_000);
        assertEquals(List.of(), engine.stops);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
    }

    @Test
    @DisplayName("the server's default timeout applies to a task that sets none; its maximum caps one that is longer")
    void serverDefaultAndMaximum() {
        limits = new TaskLimits(Duration.ofSeconds(30), Duration.ofMinutes(1), null, null, null, null, null, null);
        orchestrator = newOrchestrator();
        deploy(null, task("a"), task("b").timeout("1h"));
        Run run = start();

        assertEquals(31_000, store.task(run.key(), "a").deadline());
        assertEquals(61_000, store.task(run.key(), "b").deadline(), "a maximum lowered after the deploy still caps");
    }

    // ---- run timeouts --------------------------------------------------------------------------

    @Test
    @DisplayName("a run past its run_timeout: running tasks stopped and failed, not-started ones cancelled, both as timeout")
    void runTimeout() {
        deploy("10s", task("a"), task("b").dependsOn("a", RequiredParentStatus.SUCCESS));
        Run run = start();
        assertEquals(11_000, store.run(1).deadline());

        timers.advanceTo(11_000);
        assertEquals(List.of("a"), engine.stops);
        TaskExecution b = store.task(run.key(), "b");
        assertEquals(TaskStatus.CANCELLED, b.status());
        assertEquals(StatusReason.TIMEOUT, b.statusReason().reason());

        exit(run, "a", 143);
        assertEquals(TaskStatus.FAILED, store.task(run.key(), "a").status());
        assertEquals(StatusReason.TIMEOUT, store.task(run.key(), "a").statusReason().reason());
        Run done = store.run(1);
        assertEquals(RunStatus.FAILED, done.status());
        assertEquals(StatusReason.TIMEOUT, done.statusReason().reason());
        assertTrue(done.statusReason().description().contains("10s"), done.statusReason().description());
        assertEquals(List.of("a"), engine.starts);
    }

    // ---- retries -------------------------------------------------------------------------------

    @Test
    @DisplayName("a failing task runs again after a doubling backoff, each attempt its own container; its children wait for the last")
    void retriesWithBackoff() {
        deploy(null, task("a").retry(TaskRetry.attempts(3).backoff("2s")), task("b").dependsOn("a", RequiredParentStatus.SUCCESS));
        Run run = start();
        assertEquals("1", engine.specs.get(0).env().get("GOFER_TASK_ATTEMPT"));

        clock.set(4_000);
        exit(run, "a", 1);
        TaskExecution waiting = store.task(run.key(), "a");
        assertEquals(TaskState.WAITING, waiting.state());
        assertEquals(2, waiting.attempt());
        assertEquals(6_000, waiting.retryAt(), "2s after the first attempt ended");
        assertEquals(List.of(new TaskAttempt(1, 1_000, 4_000, 1, waiting.earlierAttempts().get(0).statusReason())),
                waiting.earlierAttempts());
        assertEquals(List.of("a"), engine.starts, "b waits for a's last attempt");

        timers.advanceTo(6_000);
        assertEquals(List.of("a#1"), engine.archivedLogs, "attempt 1's log is kept before attempt 2 prints");
        assertEquals(List.of("a", "a"), engine.starts);
        assertEquals("2", engine.specs.get(1).env().get("GOFER_TASK_ATTEMPT"));
        assertEquals("2", engine.specs.get(1).labels().get("gofer.attempt"));

        clock.set(7_000);
        exit(run, "a", 1);
        assertEquals(11_000, store.task(run.key(), "a").retryAt(), "the backoff doubles: 4s");
        timers.advanceTo(11_000);
        exit(run, "a", 0);

        TaskExecution a = store.task(run.key(), "a");
        assertEquals(TaskStatus.SUCCESSFUL, a.status());
        assertEquals(3, a.attempt());
        assertEquals(2, a.earlierAttempts().size());
        assertEquals(List.of("a", "a", "a", "b"), engine.starts);
        assertEquals(3, engine.removed.size(), "every attempt's container goes once its end is stored");
    }

    @Test
    @DisplayName("a task that never succeeds fails after its last attempt with that attempt's exit code")
    void retriesRunOut() {
        deploy(null, task("a").retry(TaskRetry.attempts(2).backoff("1s")));
        Run run = start();
        exit(run, "a", 3);
        timers.advanceTo(clock.get() + 1_000);
        exit(run, "a", 4);

        TaskExecution a = store.task(run.key(), "a");
        assertEquals(TaskStatus.FAILED, a.status());
        assertEquals(4, a.exitCode());
        assertEquals(2, a.attempt());
        assertTrue(a.statusReason().description().contains("attempt 2 of 2"), a.statusReason().description());
        assertEquals(RunStatus.FAILED, store.run(1).status());
    }

    @Test
    @DisplayName("only the listed exit codes retry; a timeout retries only with on_timeout")
    void whatRetries() {
        deploy(null, task("codes").retry(TaskRetry.attempts(3).onExitCodes(75)),
                task("slow").timeout("1s").retry(TaskRetry.attempts(3)),
                task("slow-retried").timeout("1s").retry(TaskRetry.attempts(3).onTimeout(true)));
        Run run = start();
        exit(run, "codes", 1);
        assertEquals(TaskStatus.FAILED, store.task(run.key(), "codes").status(), "exit code 1 is not in on_exit_codes");

        timers.advanceTo(2_000);
        exit(run, "slow", 143);
        exit(run, "slow-retried", 143);
        assertEquals(TaskStatus.FAILED, store.task(run.key(), "slow").status());
        assertEquals(StatusReason.TIMEOUT, store.task(run.key(), "slow").statusReason().reason());
        TaskExecution retried = store.task(run.key(), "slow-retried");
        assertEquals(TaskState.WAITING, retried.state());
        assertEquals(StatusReason.TIMEOUT, retried.earlierAttempts().get(0).statusReason().reason());
    }

    @Test
    @DisplayName("cancelling a run never retries: a task waiting for its next attempt is cancelled at once")
    void cancelDuringBackoff() {
        deploy(null, task("a").retry(TaskRetry.attempts(3).backoff("1m")));
        Run run = start();
        exit(run, "a", 1);

        orchestrator.cancel(run.key()).result();
        assertEquals(TaskStatus.CANCELLED, store.task(run.key(), "a").status());
        assertEquals(RunStatus.CANCELLED, store.run(1).status());
        timers.advanceTo(1_000_000);
        assertEquals(List.of("a"), engine.starts, "no attempt after the cancel");
        assertEquals(List.of(), timers.pendingTimes());
    }

    // ---- after a restart -----------------------------------------------------------------------

    @Test
    @DisplayName("after a restart, a task whose deadline passed while Gofer was down is stopped at once and fails as timeout")
    void restartWithPastDeadline() {
        ConfigVersion config = deploy(null, task("a").timeout("2s"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(running(config, key, "a", 600, 2_600)));
        engine.existing(labels(key, "a"));
        clock.set(60_000); // Gofer was down for a minute

        assertEquals(1, recoverAfterRestart().result());
        timers.fireDue();

        assertEquals(List.of("a"), engine.stops);
        exit(store.run(1), "a", 137);
        assertEquals(StatusReason.TIMEOUT, store.task(key, "a").statusReason().reason());
        assertEquals(RunStatus.FAILED, store.run(1).status());
    }

    @Test
    @DisplayName("after a restart, a run whose run_timeout passed is ended at once")
    void restartWithPastRunDeadline() {
        ConfigVersion config = deploy("1m", task("a"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of(),
                false, 60_500, null), List.of(running(config, key, "a", 600, 0)));
        engine.existing(labels(key, "a"));
        clock.set(120_000);

        recoverAfterRestart().result();
        timers.fireDue();

        assertEquals(List.of("a"), engine.stops);
        exit(store.run(1), "a", 143);
        assertEquals(StatusReason.TIMEOUT, store.run(1).statusReason().reason());
    }

    @Test
    @DisplayName("after a restart, a pending retry starts at its stored time, as the attempt it was")
    void restartWithPendingRetry() {
        ConfigVersion config = deploy(null, task("a").retry(TaskRetry.attempts(3)));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        TaskExecution waiting = running(config, key, "a", 600, 0)
                .retrying(new StatusReason(StatusReason.ABNORMAL_EXIT, "container exited with code 1"), 1, 700, 5_000);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(waiting));

        recoverAfterRestart().result();
        assertEquals(List.of(), engine.starts, "the backoff is not over yet");
        timers.advanceTo(5_000);

        assertEquals(List.of("a"), engine.starts);
        assertEquals("2", engine.specs.get(0).env().get("GOFER_TASK_ATTEMPT"));
        exit(store.run(1), "a", 0);
        assertEquals(TaskStatus.SUCCESSFUL, store.task(key, "a").status());
        assertEquals(2, store.task(key, "a").attempt());
    }

    // ---- resources -----------------------------------------------------------------------------

    @Test
    @DisplayName("resources reach the container spec; the server's defaults fill what a task leaves out, its maximums cap")
    void resourcesReachTheSpec() {
        limits = new TaskLimits(null, null, null, null, 1.0, 2.0, 64L << 20, 1L << 30);
        orchestrator = newOrchestrator();
        deploy(null, task("a").resources(0.5, "256m"), task("b"), task("c").resources(8.0, null));
        start();

        assertEquals(new ContainerSpec.Limits(0.5, 256L << 20), engine.specs.get(0).limits());
        assertEquals(new ContainerSpec.Limits(1.0, 64L << 20), engine.specs.get(1).limits());
        assertEquals(new ContainerSpec.Limits(2.0, 64L << 20), engine.specs.get(2).limits());
    }

    @Test
    @DisplayName("a container killed for memory fails its task as oom_killed")
    void oomKilled() {
        deploy(null, task("a").resources(null, "16m"));
        Run run = start();
        orchestrator.containerExited(new ContainerExited(run.key().task("a"), 137, null, true));

        TaskExecution a = store.task(run.key(), "a");
        assertEquals(StatusReason.OOM_KILLED, a.statusReason().reason());
        assertTrue(a.statusReason().description().contains("16m"), a.statusReason().description());
        assertEquals(StatusReason.OOM_KILLED, store.run(1).statusReason().reason());
        assertNull(engine.specs.get(0).limits().cpus());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Future<Integer> recoverAfterRestart() {
        return orchestrator.unfinishedRuns().compose(orchestrator::recover);
    }

    private ConfigVersion deploy(String runTimeout, TaskConfig.Builder... tasks) {
        PipelineConfig.Builder b = PipelineConfig.builder(PIPELINE, "Build").runTimeout(runTimeout);
        for (TaskConfig.Builder t : tasks) {
            b.task(t);
        }
        return store.deploy(NS, b.build());
    }

    private static TaskConfig.Builder task(String id) {
        return TaskConfig.builder(id, "alpine:3").command("true");
    }

    private Run start() {
        Future<Run> started = orchestrator.startRun(new StartRun(NS, PIPELINE, Map.of(), Initiator.ANONYMOUS));
        assertTrue(started.succeeded(), () -> "start failed: " + started.cause());
        return started.result();
    }

    private void exit(Run run, String taskId, int code) {
        orchestrator.containerExited(new ContainerExited(run.key().task(taskId), code, null));
    }

    private static TaskExecution running(ConfigVersion config, RunKey key, String taskId, long started, long deadline) {
        TaskConfig task = config.config().tasks().stream().filter(t -> t.id().equals(taskId)).findFirst().orElseThrow();
        return new TaskExecution(key.task(taskId), task, 500, started, 0, null, TaskState.RUNNING, TaskStatus.UNKNOWN, null,
                RunPlan.environment(key, task, List.of()), false, false, 1, List.of(), deadline, 0, null);
    }

    private static Map<String, String> labels(RunKey key, String taskId) {
        Map<String, String> labels = new LinkedHashMap<>(INSTANCE);
        labels.put("gofer.role", "task");
        labels.put("gofer.namespace", key.namespaceId());
        labels.put("gofer.pipeline", key.pipelineId());
        labels.put("gofer.run", Long.toString(key.runId()));
        labels.put("gofer.task", taskId);
        return labels;
    }
}
