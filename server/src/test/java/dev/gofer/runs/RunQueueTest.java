package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.WaitingFor;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The orchestrator's run queue without Docker or a database (in-memory store, fake engine). */
@DisplayName("Run queue: pending runs, what they wait for, cancel, cancel_in_progress, restart")
class RunQueueTest {
    private static final String NS = "default";
    private final InMemoryRunStore store = new InMemoryRunStore();
    private final FakeContainers engine = new FakeContainers();
    private final AtomicLong clock = new AtomicLong(1_000);
    private Orchestrator orchestrator = newOrchestrator();

    private Orchestrator newOrchestrator() {
        return new Orchestrator(store, engine, Duration.ofSeconds(5), clock::getAndIncrement, Map.of("gofer.instance", "test"));
    }

    private ConfigVersion deploy(String pipeline, String task, long maxRuns, String group, boolean cancelInProgress) {
        return store.deploy(NS, PipelineConfig.builder(pipeline, pipeline).maxConcurrentRuns(maxRuns).concurrencyGroup(group)
                .cancelInProgress(cancelInProgress).task(TaskConfig.builder(task, "busybox").command("true")).build());
    }

    private Run start(String pipeline) {
        Future<Run> f = orchestrator.startRun(new StartRun(NS, pipeline, Map.of(), Initiator.ANONYMOUS));
        assertTrue(f.succeeded(), () -> "start failed: " + f.cause());
        return f.result();
    }

    private Run stored(Run run) {
        return store.run(run.key()).result().orElseThrow();
    }

    private void exit(Run run, String task) {
        orchestrator.containerExited(new ContainerExited(run.key().task(task), 0, null));
    }

    @Test
    @DisplayName("max_concurrent_runs 1: the second run waits pending, saying for what, and starts when the first ends")
    void capOfOne() {
        deploy("build", "make", 1, null, false);
        Run first = start("build");
        Run second = start("build");

        assertEquals(RunState.RUNNING, stored(first).state());
        assertEquals(RunState.PENDING, stored(second).state());
        WaitingFor why = stored(second).waitingFor();
        assertEquals(WaitingFor.MAX_CONCURRENT_RUNS, why.kind());
        assertEquals(first.key().runId(), why.runId());
        assertEquals(List.of("make"), engine.starts, "only the first run's task has a container");

        exit(first, "make");

        assertEquals(RunStatus.SUCCESSFUL, stored(first).status());
        assertEquals(RunState.RUNNING, stored(second).state());
        assertNull(stored(second).waitingFor());
        assertEquals(List.of("make", "make"), engine.starts);
    }

    @Test
    @DisplayName("a concurrency group spans pipelines: one run of the group at a time, in the order they were started")
    void groupAcrossPipelines() {
        deploy("deploy-web", "web", 0, "prod", false);
        deploy("deploy-api", "api", 0, "prod", false);
        Run web = start("deploy-web");
        Run api = start("deploy-api");
        Run web2 = start("deploy-web");

        assertEquals(List.of("web"), engine.starts);
        assertEquals(WaitingFor.CONCURRENCY_GROUP, stored(api).waitingFor().kind());
        assertEquals("prod", stored(api).waitingFor().group());

        exit(web, "web");
        assertEquals(List.of("web", "api"), engine.starts, "the older waiting run of the group goes first");
        assertEquals(RunState.PENDING, stored(web2).state());

        exit(api, "api");
        assertEquals(List.of("web", "api", "web"), engine.starts);
        exit(web2, "web");
        assertEquals(RunStatus.SUCCESSFUL, stored(web2).status());
    }

    @Test
    @DisplayName("cancelling a pending run ends it cancelled at once, its tasks never started, and the queue moves on")
    void cancelPending() {
        deploy("build", "make", 1, null, false);
        Run first = start("build");
        Run second = start("build");
        Run third = start("build");

        assertTrue(orchestrator.cancel(second.key()).succeeded());

        assertEquals(RunStatus.CANCELLED, stored(second).status());
        assertEquals(TaskStatus.CANCELLED, store.task(second.key(), "make").status());
        assertEquals(1, store.completions(second.key()));
        exit(first, "make");
        assertEquals(RunState.RUNNING, stored(third).state(), "the third run starts next");
        assertEquals(List.of("make", "make"), engine.starts, "the cancelled run never had a container");
    }

    @Test
    @DisplayName("cancel_in_progress: a new run cancels the group's running and pending runs, then starts once they ended")
    void cancelInProgress() {
        deploy("deploy", "ship", 0, "prod", true);
        Run running = start("deploy");
        Run pending = start("deploy");
        // the second start already cancelled the first; a third cancels the second (pending) one
        Run newest = start("deploy");

        assertEquals(List.of("ship"), engine.stops, "the running run's container was stopped");
        assertEquals(RunStatus.CANCELLED, stored(pending).status());
        assertEquals(RunState.PENDING, stored(newest).state(), "it waits until the cancelled run has ended");

        orchestrator.containerExited(new ContainerExited(running.key().task("ship"), 143, null));

        assertEquals(RunStatus.CANCELLED, stored(running).status());
        assertEquals(RunState.RUNNING, stored(newest).state());
    }

    @Test
    @DisplayName("after a restart a queued run stays queued behind the resumed run that holds its place, then starts once")
    void queueSurvivesRestart() {
        ConfigVersion config = deploy("build", "make", 1, null, false);
        RunKey runningKey = new RunKey(NS, "build", 1);
        RunKey pendingKey = new RunKey(NS, "build", 2);
        store.putUnfinished(new Run(runningKey, 1, 500, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, runningKey, TaskState.RUNNING)));
        store.putUnfinished(new Run(pendingKey, 1, 600, 0, RunState.PENDING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                List.of(execution(config, pendingKey, TaskState.PROCESSING)));
        engine.existing(Map.of("gofer.instance", "test", "gofer.role", "task", "gofer.namespace", NS,
                "gofer.pipeline", "build", "gofer.run", "1", "gofer.task", "make"));

        assertEquals(2, orchestrator.unfinishedRuns().compose(orchestrator::recover).result());

        assertEquals(RunState.PENDING, stored(store.run(2)).state());
        assertEquals(List.of(), engine.starts, "the running run was adopted, the pending one not started");
        exit(store.run(1), "make");
        assertEquals(List.of("make"), engine.starts);
        assertEquals(RunState.RUNNING, store.run(2).state());
        exit(store.run(2), "make");
        assertEquals(RunStatus.SUCCESSFUL, store.run(2).status());
        assertEquals(1, store.completions(pendingKey));
    }

    private static TaskExecution execution(ConfigVersion config, RunKey key, TaskState state) {
        TaskConfig task = config.config().tasks().get(0);
        return new TaskExecution(key.task(task.id()), task, 500, state == TaskState.RUNNING ? 600 : 0, 0, null, state,
                TaskStatus.UNKNOWN, null, RunPlan.environment(key, task, List.of()), false, false);
    }
}
