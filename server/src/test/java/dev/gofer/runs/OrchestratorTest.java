package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.GoferException;
import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.RequiredParentStatus;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator driven without Docker or a database: an in-memory store, a fake container engine, a
 * clock the test moves, and task inputs that fail on demand. Every call answers on the test's thread, so
 * each test is a fixed sequence of events (start, containers exiting, cancel, restart) and what the
 * orchestrator did in response.
 */
@DisplayName("Orchestrator: runs driven with a fake engine and a fake clock")
class OrchestratorTest {
    private static final String NS = "default";
    private static final String PIPELINE = "build";
    private static final Duration GRACE = Duration.ofSeconds(7);
    private static final Map<String, String> INSTANCE = Map.of("gofer.instance", "test");

    private final InMemoryRunStore store = new InMemoryRunStore();
    private final FakeContainers engine = new FakeContainers();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final FailingInputs inputs = new FailingInputs();
    private Orchestrator orchestrator = newOrchestrator();

    private Orchestrator newOrchestrator() {
        return new Orchestrator(store, engine, GRACE, clock::get, INSTANCE, inputs);
    }

    // ---- the two regressions -------------------------------------------------------------------

    @Test
    @DisplayName("a task whose inputs fail at once does not make its siblings start twice")
    void failingInputsDoNotStartSiblingsTwice() {
        deploy(0, task("a"), task("b"), task("c"));
        inputs.failing.add("a");

        Run run = start();

        assertEquals(List.of("b", "c"), engine.starts, "each sibling of the failed task gets one container");
        assertEquals(TaskStatus.FAILED, store.task(run.key(), "a").status());
        assertEquals(StatusReason.FAILED_PRECONDITION, store.task(run.key(), "a").statusReason().reason());
        exit(run, "b", 0);
        exit(run, "c", 0);
        assertEquals(RunStatus.FAILED, store.run(1).status());
        assertEquals(1, store.completions(run.key()));
    }

    @Test
    @DisplayName("a run started while recovery is still looking for containers is driven once")
    void runStartedDuringRecoveryIsDrivenOnce() {
        deploy(0, task("a"));
        engine.holdFinds(); // the engine is slow to list containers after a restart
        engine.holdStarts(); // and the new run's image is still being pulled
        Future<Integer> recovered = recoverAfterRestart();

        Run run = start();
        engine.releaseFinds();
        engine.finishStart("a");

        assertEquals(List.of("a"), engine.starts, "the new run's task got one container");
        assertEquals(0, recovered.result(), "nothing was left unfinished before the restart");
        exit(run, "a", 0);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
        assertEquals(1, store.completions(run.key()));
    }

    @Test
    @DisplayName("recovery leaves a run this process already drives alone")
    void recoveryNeverResumesADrivenRun() {
        deploy(0, task("a"));
        engine.holdStarts();
        Run run = start();

        orchestrator.recover(List.of(store.run(1))).result();
        engine.finishStart("a");

        assertEquals(List.of("a"), engine.starts);
        exit(run, "a", 0);
        assertEquals(1, store.completions(run.key()));
    }

    // ---- a run from start to end ---------------------------------------------------------------

    @Test
    @DisplayName("children start once their parents succeed; times come from the clock; containers go once stored")
    void runsToSuccess() {
        deploy(0, task("a"), task("b", "a"));

        Run run = start();
        assertEquals(List.of("a"), engine.starts);
        assertEquals(TaskState.RUNNING, store.task(run.key(), "a").state());
        assertEquals(RunState.RUNNING, store.run(1).state());

        clock.set(5_000);
        exit(run, "a", 0);
        assertEquals(List.of("a", "b"), engine.starts);
        assertEquals(List.of(engine.ids.get(run.key().task("a"))), engine.removed, "a's container goes once its end is stored");
        assertEquals(5_000, store.task(run.key(), "a").ended());

        clock.set(9_000);
        exit(run, "b", 0);
        Run done = store.run(1);
        assertEquals(RunStatus.SUCCESSFUL, done.status());
        assertEquals(1_000, done.started());
        assertEquals(9_000, done.ended());
        assertEquals(List.of(), inputs.ended, "no task injects the run's API token: there is none to revoke");
    }

    @Test
    @DisplayName("a run counts as in flight from its start until its end is stored (the idle heap release reads it)")
    void runsInFlightCountsDrivenRuns() {
        deploy(0, task("a"));
        assertEquals(0, orchestrator.runsInFlight());

        Run first = start();
        Run second = start();
        assertEquals(2, orchestrator.runsInFlight());

        exit(first, "a", 0);
        assertEquals(1, orchestrator.runsInFlight(), "the first run's end is stored");
        exit(second, "a", 1);
        assertEquals(0, orchestrator.runsInFlight());
    }

    @Test
    @DisplayName("a run nothing holds back is created running: no second write before its first container")
    void aRunNothingHoldsBackIsCreatedRunning() {
        deploy(0, task("a"));
        Run run = start();
        assertEquals(RunState.RUNNING, run.state(), "as created");
        assertEquals(RunState.RUNNING, store.run(1).state());
        assertEquals(List.of("a"), engine.starts);
        assertEquals(List.of(), store.runWrites, "the run was not written again to mark it running");
    }

    @Test
    @DisplayName("a run created running has its tasks stored waiting and starts them without reading them back")
    void aRunCreatedRunningNeedsNoReadOrWriteBeforeItsFirstContainer() {
        deploy(0, task("a"), task("b", "a"));
        Run run = start();
        assertEquals(List.of("a"), engine.starts);
        assertEquals(0, store.taskReads, "the tasks came from the plan createRun stored");
        assertEquals(TaskState.WAITING, store.task(run.key(), "b").state(), "stored waiting by createRun");
        assertEquals(List.of(), store.batches.stream().flatMap(List::stream)
                .filter(c -> c instanceof Store.Change.OfTask t && t.task().state() == TaskState.WAITING).toList(),
                "no write moved the tasks to waiting");
    }

    @Test
    @DisplayName("a run of a pipeline with max_concurrent_runs is still created pending and admitted by the queue")
    void aRunWithLimitsIsQueuedFirst() {
        store.deploy(NS, PipelineConfig.builder(PIPELINE, "Build").maxConcurrentRuns(1).task(task("a")).build());
        Run run = start();
        assertEquals(RunState.PENDING, run.state(), "as created");
        assertEquals(RunState.RUNNING, store.run(1).state(), "admitted at once: nothing else runs");
        assertEquals(List.of(RunState.RUNNING), store.runWrites.stream().map(Run::state).toList());
    }

    @Test
    @DisplayName("a task's end and the run's end it decides are stored together, in one transaction")
    void lastTaskEndAndRunEndAreOneWrite() {
        deploy(0, task("a"));
        Run run = start();
        exit(run, "a", 0);
        List<Store.Change> last = store.batches.get(store.batches.size() - 1);
        assertEquals(2, last.size(), "one write for the task's end and the run's end: " + last);
        assertEquals(TaskState.COMPLETE, ((Store.Change.OfTask) last.get(0)).task().state());
        assertEquals(RunState.COMPLETE, ((Store.Change.OfRun) last.get(1)).run().state(), "the run's end after the task's");
        assertEquals(List.of(engine.ids.get(run.key().task("a"))), engine.removed, "the container still goes once stored");
    }

    @Test
    @DisplayName("a run with a task that injects the API token revokes the token when it ends")
    void runTokenIsRevokedAtTheEnd() {
        deploy(0, TaskConfig.builder("a", "alpine:3").command("true").injectApiToken(true).build(), task("b", "a"));
        Run run = start();
        exit(run, "a", 0);
        assertEquals(List.of(), inputs.ended);
        exit(run, "b", 0);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
        assertEquals(List.of(run.key()), inputs.ended, "the run's token is revoked when it ends");
    }

    @Test
    @DisplayName("a non-zero exit fails the task, skips its children and fails the run")
    void failedTaskSkipsChildren() {
        deploy(0, task("a"), task("b", "a"));

        Run run = start();
        exit(run, "a", 3);

        TaskExecution a = store.task(run.key(), "a");
        assertEquals(TaskStatus.FAILED, a.status());
        assertEquals(3, a.exitCode());
        assertEquals(StatusReason.ABNORMAL_EXIT, a.statusReason().reason());
        assertEquals(TaskStatus.SKIPPED, store.task(run.key(), "b").status());
        assertEquals(List.of("b"), engine.closedLogs, "a skipped task's log is closed, empty");
        assertEquals(RunStatus.FAILED, store.run(1).status());
    }

    @Test
    @DisplayName("a container that cannot start fails its task as a scheduler error")
    void startFailureFailsTheTask() {
        deploy(0, task("a"));
        engine.holdStarts();

        Run run = start();
        engine.failStart("a", "no such image");

        assertEquals(StatusReason.SCHEDULER_ERROR, store.task(run.key(), "a").statusReason().reason());
        assertEquals(RunStatus.FAILED, store.run(1).status());
    }

    // ---- parallelism ---------------------------------------------------------------------------

    @Test
    @DisplayName("parallelism caps the containers running at once, in config order")
    void parallelismCapsRunningContainers() {
        deploy(2, task("a"), task("b"), task("c"), task("d"));

        Run run = start();
        assertEquals(List.of("a", "b"), engine.starts);

        exit(run, "b", 0);
        assertEquals(List.of("a", "b", "c"), engine.starts);
        exit(run, "a", 0);
        assertEquals(List.of("a", "b", "c", "d"), engine.starts);
        exit(run, "c", 0);
        exit(run, "d", 0);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
    }

    @Test
    @DisplayName("a task that fails before its container starts frees its slot for the next one")
    void failedInputsFreeTheirSlot() {
        deploy(1, task("a"), task("b"), task("c"));
        inputs.failing.add("a");

        start();

        assertEquals(List.of("b"), engine.starts, "b takes a's slot, c waits for it");
    }

    // ---- cancellation --------------------------------------------------------------------------

    @Test
    @DisplayName("cancel stops running containers with the grace period and cancels waiting tasks")
    void cancelStopsAndCancels() {
        deploy(0, task("a"), task("b", "a"));
        Run run = start();

        orchestrator.cancel(run.key()).result();
        assertEquals(List.of("a"), engine.stops);
        assertEquals(List.of(GRACE), engine.stopGraces);
        assertEquals(TaskStatus.CANCELLED, store.task(run.key(), "b").status());
        assertEquals(RunState.RUNNING, store.run(1).state(), "the run ends once its stopped container exits");

        exit(run, "a", 137);
        assertEquals(TaskStatus.CANCELLED, store.task(run.key(), "a").status());
        assertEquals(RunStatus.CANCELLED, store.run(1).status());
        assertEquals(List.of("a"), engine.starts, "nothing started after the cancel");
    }

    @Test
    @DisplayName("a container still starting when the run is cancelled is stopped once it is up")
    void cancelWhileStarting() {
        deploy(0, task("a"));
        engine.holdStarts();
        Run run = start();

        orchestrator.cancel(run.key()).result();
        assertEquals(List.of(), engine.stops, "nothing to stop yet");
        engine.finishStart("a");
        assertEquals(List.of("a"), engine.stops);

        exit(run, "a", 143);
        assertEquals(RunStatus.CANCELLED, store.run(1).status());
    }

    @Test
    @DisplayName("cancelling a complete run is a conflict")
    void cancelCompleteRun() {
        deploy(0, task("a"));
        Run run = start();
        exit(run, "a", 0);

        Throwable refused = orchestrator.cancel(run.key()).cause();
        assertTrue(refused.getMessage().contains("already complete"), refused.getMessage());
    }

    @Test
    @DisplayName("cancelling one running task stops its container with the grace; its dependants follow a cancelled parent")
    void cancelOneRunningTask() {
        deploy(0, task("a"), task("other"), task("next", "a"), withParent("always", "a", RequiredParentStatus.ANY));
        Run run = start();
        assertEquals(List.of("a", "other"), engine.starts);

        Future<Long> cancelled = orchestrator.cancelTask(run.key().task("a"));
        assertEquals(GRACE.toSeconds(), cancelled.result(), "the answer names the stop grace");
        assertEquals(List.of("a"), engine.stops, "only the cancelled task's container is stopped");
        assertEquals(List.of(GRACE), engine.stopGraces);
        assertEquals(TaskState.RUNNING, store.task(run.key(), "a").state(), "cancelled once its container exits");

        exit(run, "a", 143);
        TaskExecution a = store.task(run.key(), "a");
        assertEquals(TaskStatus.CANCELLED, a.status());
        assertEquals(StatusReason.CANCELLED, a.statusReason().reason());
        assertEquals(TaskStatus.SKIPPED, store.task(run.key(), "next").status(), "success needs a successful parent");
        assertEquals(TaskStatus.SKIPPED, store.task(run.key(), "always").status(), "a cancelled parent meets no condition, not even any");
        assertEquals(RunState.RUNNING, store.run(1).state(), "the rest of the run goes on");

        exit(run, "other", 0);
        assertEquals(TaskStatus.SUCCESSFUL, store.task(run.key(), "other").status());
        assertEquals(RunStatus.CANCELLED, store.run(1).status(), "a run with a cancelled task ends cancelled");
        assertEquals(List.of("a", "other"), engine.starts);
    }

    @Test
    @DisplayName("cancelling a waiting task ends it at once, without a container")
    void cancelOneWaitingTask() {
        deploy(0, task("a"), task("b", "a"), task("c", "b"));
        Run run = start();

        assertTrue(orchestrator.cancelTask(run.key().task("b")).succeeded());
        TaskExecution b = store.task(run.key(), "b");
        assertEquals(TaskStatus.CANCELLED, b.status());
        assertTrue(b.statusReason().description().contains("before it started"), b.statusReason().description());
        assertEquals(TaskStatus.SKIPPED, store.task(run.key(), "c").status());
        assertEquals(List.of(), engine.stops);

        exit(run, "a", 0);
        assertEquals(List.of("a"), engine.starts, "the cancelled task never starts");
        assertEquals(RunStatus.CANCELLED, store.run(1).status());
    }

    @Test
    @DisplayName("cancelling a task still starting stops its container once it is up")
    void cancelOneStartingTask() {
        deploy(0, task("a"));
        engine.holdStarts();
        Run run = start();

        assertTrue(orchestrator.cancelTask(run.key().task("a")).succeeded());
        assertEquals(List.of(), engine.stops, "nothing to stop yet");
        engine.finishStart("a");
        assertEquals(List.of("a"), engine.stops);
        exit(run, "a", 143);
        assertEquals(TaskStatus.CANCELLED, store.task(run.key(), "a").status());
    }

    @Test
    @DisplayName("cancelling a complete task is a conflict, an unknown one not found; neither changes anything")
    void cancelCompleteOrUnknownTask() {
        deploy(0, task("a"), task("b"));
        Run run = start();
        exit(run, "a", 0);

        Throwable complete = orchestrator.cancelTask(run.key().task("a")).cause();
        assertEquals(GoferException.Kind.CONFLICT, ((GoferException) complete).kind());
        assertTrue(complete.getMessage().contains("already complete (successful)"), complete.getMessage());
        Throwable unknown = orchestrator.cancelTask(run.key().task("nope")).cause();
        assertEquals(GoferException.Kind.NOT_FOUND, ((GoferException) unknown).kind());
        assertTrue(unknown.getMessage().contains("task 'nope' not found"), unknown.getMessage());
        assertEquals(List.of(), engine.stops);

        exit(run, "b", 0);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
        Throwable afterEnd = orchestrator.cancelTask(run.key().task("b")).cause();
        assertEquals(GoferException.Kind.CONFLICT, ((GoferException) afterEnd).kind(), "a complete run's tasks are complete");
    }

    @Test
    @DisplayName("a cancel that arrives after the run's end is decided changes nothing")
    void cancelAfterEndChangesNothing() {
        deploy(0, TaskConfig.builder("a", "alpine:3").command("true").injectApiToken(true).build());
        Run run = start();
        inputs.holdEnd(); // the run's end is decided, its token not revoked yet, so it is not stored complete

        exit(run, "a", 0);
        assertTrue(orchestrator.cancel(run.key()).succeeded(), "the run still has its driver");
        inputs.releaseEnd();

        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
        assertEquals(1, store.completions(run.key()));
        assertEquals(List.of(), engine.stops);
    }

    // ---- shutting down -------------------------------------------------------------------------

    @Test
    @DisplayName("shutdown with cancel: new runs refused, running containers stopped, done once the runs' ends are stored")
    void shutdownCancelsActiveRuns() {
        deploy(0, task("a"));
        Run run = start();
        Vertx vertx = Vertx.vertx();
        try {
            Future<Void> down = orchestrator.shutdown(true, Duration.ofMinutes(1), vertx);
            assertTrue(orchestrator.startRun(new StartRun(NS, PIPELINE, Map.of(), Initiator.ANONYMOUS)).failed());
            assertEquals(List.of("a"), engine.stops);
            assertFalse(down.isComplete(), "waits for the stopped container's exit");

            exit(run, "a", 143);
            assertTrue(down.succeeded());
            assertEquals(RunStatus.CANCELLED, store.run(1).status());
        } finally {
            vertx.close();
        }
    }

    @Test
    @DisplayName("shutdown without cancel: running tasks finish, tasks not started yet are left for the next start")
    void shutdownLeavesUnstartedTasks() {
        deploy(1, task("a"), task("b"));
        Run run = start();
        Vertx vertx = Vertx.vertx();
        try {
            assertTrue(orchestrator.shutdown(false, Duration.ofMinutes(1), vertx).succeeded());
            exit(run, "a", 0);

            assertEquals(List.of("a"), engine.starts);
            assertEquals(TaskState.WAITING, store.task(run.key(), "b").state());
            assertEquals(RunState.RUNNING, store.run(1).state());
        } finally {
            vertx.close();
        }
    }

    // ---- recovery after a restart --------------------------------------------------------------

    @Test
    @DisplayName("after a restart: a live container is adopted, a vanished one is orphaned, the rest runs, strays go")
    void recoveryResumesWhatWasLeft() {
        ConfigVersion config = deploy(0, task("a"), task("b"), task("c", "a"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, key, "a", TaskState.RUNNING),
                        execution(config, key, "b", TaskState.RUNNING),
                        execution(config, key, "c", TaskState.WAITING)));
        String live = engine.existing(labels(key, "a"));
        Map<String, String> stray = new LinkedHashMap<>(INSTANCE);
        stray.put("gofer.role", "task");
        String strayId = engine.existing(stray);

        assertEquals(1, recoverAfterRestart().result());

        assertEquals(List.of("a"), engine.adopted);
        assertEquals(List.of(), engine.starts, "a is followed, not started again; c waits for it");
        assertEquals(StatusReason.ORPHANED, store.task(key, "b").statusReason().reason());
        assertEquals(List.of(strayId), engine.removed);
        assertTrue(engine.engine.containsKey(live));

        exit(store.run(1), "a", 0);
        assertEquals(List.of("c"), engine.starts);
        exit(store.run(1), "c", 0);
        assertEquals(RunStatus.FAILED, store.run(1).status(), "b was orphaned");
        assertEquals(1, store.completions(key));
    }

    @Test
    @DisplayName("after a crash right after a run was created: the run goes on, its tasks start once")
    void recoveryOfARunNothingHappenedTo() {
        ConfigVersion config = deploy(0, task("a"), task("b", "a"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.PENDING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, key, "a", TaskState.PROCESSING), execution(config, key, "b", TaskState.PROCESSING)));

        assertEquals(1, recoverAfterRestart().result());

        assertEquals(RunState.RUNNING, store.run(1).state());
        assertEquals(List.of("a"), engine.starts);
        exit(store.run(1), "a", 0);
        exit(store.run(1), "b", 0);
        assertEquals(List.of("a", "b"), engine.starts);
        assertEquals(RunStatus.SUCCESSFUL, store.run(1).status());
    }

    @Test
    @DisplayName("after a restart, a task whose container cannot be looked for fails as a scheduler error, and is not started again")
    void recoveryWhenTheEngineCannotAnswer() {
        ConfigVersion config = deploy(0, task("a"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, key, "a", TaskState.RUNNING)));
        engine.taskLookupsFail = true;

        recoverAfterRestart().result();

        assertEquals(StatusReason.SCHEDULER_ERROR, store.task(key, "a").statusReason().reason());
        assertEquals(List.of(), engine.starts);
        assertEquals(RunStatus.FAILED, store.run(1).status());
    }

    @Test
    @DisplayName("a run cancelled while it is being resumed is refused until recovery has it")
    void cancelDuringRecoveryIsRefused() {
        ConfigVersion config = deploy(0, task("a"));
        RunKey key = new RunKey(NS, PIPELINE, 1);
        store.putUnfinished(new Run(key, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, key, "a", TaskState.RUNNING)));
        engine.existing(labels(key, "a"));
        engine.holdFinds();

        Future<Integer> recovered = recoverAfterRestart();
        assertTrue(orchestrator.cancel(key).failed(), "not driven yet");
        engine.releaseFinds();
        assertEquals(1, recovered.result());
        assertTrue(orchestrator.cancel(key).succeeded());
        assertEquals(List.of("a"), engine.stops);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** What the verticle does at start-up: picks the unfinished runs, then recovers them in the background. */
    private Future<Integer> recoverAfterRestart() {
        return orchestrator.unfinishedRuns().compose(orchestrator::recover);
    }

    private ConfigVersion deploy(long parallelism, TaskConfig... tasks) {
        PipelineConfig.Builder b = PipelineConfig.builder(PIPELINE, "Build").parallelism(parallelism);
        for (TaskConfig t : tasks) {
            b.task(t);
        }
        return store.deploy(NS, b.build());
    }

    private static TaskConfig task(String id, String... parents) {
        TaskConfig.Builder b = TaskConfig.builder(id, "alpine:3").command("true");
        for (String p : parents) {
            b.dependsOn(p, RequiredParentStatus.SUCCESS);
        }
        return b.build();
    }

    private static TaskConfig withParent(String id, String parent, RequiredParentStatus condition) {
        return TaskConfig.builder(id, "alpine:3").command("true").dependsOn(parent, condition).build();
    }

    private Run start() {
        Future<Run> started = orchestrator.startRun(new StartRun(NS, PIPELINE, Map.of(), Initiator.ANONYMOUS));
        assertTrue(started.succeeded(), () -> "start failed: " + started.cause());
        return started.result();
    }

    private void exit(Run run, String taskId, int code) {
        orchestrator.containerExited(new ContainerExited(run.key().task(taskId), code, null));
    }

    private static TaskExecution execution(ConfigVersion config, RunKey key, String taskId, TaskState state) {
        TaskConfig task = config.config().tasks().stream().filter(t -> t.id().equals(taskId)).findFirst().orElseThrow();
        return new TaskExecution(key.task(taskId), task, 500, state == TaskState.RUNNING ? 600 : 0, 0, null, state,
                TaskStatus.UNKNOWN, null, RunPlan.environment(key, task, List.of()), false, false);
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

    /** Task inputs as {@link RunResources#NONE}, except that the listed tasks' placeholders cannot be filled. */
    private static final class FailingInputs implements RunResources {
        final Set<String> failing = new HashSet<>();
        final List<RunKey> ended = new ArrayList<>();
        private Promise<Void> heldEnd;

        void holdEnd() {
            heldEnd = Promise.promise();
        }

        void releaseEnd() {
            heldEnd.complete();
        }

        @Override
        public Future<Resolved> resolve(TaskExecution task) {
            return failing.contains(task.key().taskId())
                    ? Future.failedFuture("variable TOKEN: secret 'token' does not exist")
                    : NONE.resolve(task);
        }

        @Override
        public Future<Void> runChanged(String namespaceId, String pipelineId) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> runEnded(RunKey run) {
            ended.add(run);
            return heldEnd == null ? Future.succeededFuture() : heldEnd.future();
        }

        @Override
        public Future<Void> recovered(Predicate<RunKey> active) {
            return Future.succeededFuture();
        }
    }
}
