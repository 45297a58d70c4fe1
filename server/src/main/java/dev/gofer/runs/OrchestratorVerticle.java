package dev.gofer.runs;

import dev.gofer.metrics.GoferMetrics;
import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.CancelRun;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.bus.Bus.StopContainer;
import dev.gofer.config.TaskLimits;
import dev.gofer.events.Actor;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskKey;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.store.Store;
import dev.gofer.store.SystemPreferences;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import dev.gofer.model.RunKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the {@link Orchestrator} to the event bus. */
public final class OrchestratorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);
    private final Store store;
    private final Duration stopGrace;
    private final Map<String, String> instanceLabels;
    private final boolean cancelOnShutdown;
    private final RunResources resources;
    private final TaskLimits limits;
    private final GoferMetrics metrics;
    private final ExtensionRunGate extensionRuns;
    private volatile Orchestrator orchestrator;

    public OrchestratorVerticle(Store store, Duration stopGrace, Map<String, String> instanceLabels, boolean cancelOnShutdown,
                                RunResources resources) {
        this(store, stopGrace, instanceLabels, cancelOnShutdown, resources, TaskLimits.NONE, GoferMetrics.none(), SystemPreferences.NONE);
    }

    /**
     * @param limits      the server's defaults and maximums of timeouts and task resources
     * @param metrics     told of every run and task change
     * @param preferences whether runs that extensions start are refused (ignore_pipeline_run_events)
     */
    public OrchestratorVerticle(Store store, Duration stopGrace, Map<String, String> instanceLabels, boolean cancelOnShutdown,
                                RunResources resources, TaskLimits limits, GoferMetrics metrics, SystemPreferences preferences) {
        this.limits = limits;
        this.resources = resources;
        this.metrics = metrics;
        this.extensionRuns = new ExtensionRunGate(preferences);
        this.store = store;
        this.stopGrace = stopGrace;
        this.instanceLabels = instanceLabels;
        this.cancelOnShutdown = cancelOnShutdown;
    }

    /** Runs in flight now (none before this verticle started); safe to call from any thread. */
    public int runsInFlight() {
        Orchestrator started = orchestrator;
        return started == null ? 0 : started.runsInFlight();
    }

    @Override
    public Future<?> stop() {
        // stop grace plus time to collect the stopped containers' exits
        return orchestrator.shutdown(cancelOnShutdown, stopGrace.plusSeconds(20), vertx);
    }

    @Override
    public Future<?> start() {
        EventBus bus = vertx.eventBus();
        orchestrator = new Orchestrator(store, new BusContainers(bus, metrics), stopGrace, System::currentTimeMillis, instanceLabels, resources,
                limits, Timers.of(vertx, System::currentTimeMillis), metrics);
        bus.<StartRun>consumer(Bus.START_RUN, msg -> replyWith(msg,
                Actor.callAs(msg.headers(), () -> extensionRuns.admit(msg.body()).compose(v -> orchestrator.startRun(msg.body())))));
        bus.<Bus.RetryRun>consumer(Bus.RETRY_RUN, msg -> replyWith(msg,
                Actor.callAs(msg.headers(), () -> orchestrator.retryRun(msg.body()))));
        bus.<CancelRun>consumer(Bus.CANCEL_RUN, msg -> replyWith(msg,
                Actor.callAs(msg.headers(), () -> orchestrator.cancel(msg.body().run()))));
        bus.<Bus.RunEnded>consumer(Bus.RUN_ENDED, msg -> replyWith(msg, orchestrator.ended(msg.body().run())));
        bus.<Bus.CancelTask>consumer(Bus.CANCEL_TASK, msg -> replyWith(msg,
                Actor.callAs(msg.headers(), () -> orchestrator.cancelTask(msg.body().task()))));
        bus.<Bus.ContainerOfTask>consumer(Bus.CONTAINER_OF_TASK, msg -> replyWith(msg, orchestrator.runningContainer(msg.body().task())));
        bus.<ContainerExited>consumer(Bus.CONTAINER_EXITED, msg -> orchestrator.containerExited(msg.body()));
        // Which runs to recover is settled now, before the API (deployed after this verticle) can start new ones;
        // the recovery itself (Docker calls, re-attaching) runs in the background and resumed runs catch up.
        return orchestrator.unfinishedRuns().onSuccess(unfinished -> orchestrator.recover(unfinished)
                .onSuccess(n -> { if (n > 0) { LOG.info("resumed {} unfinished runs", n); } })
                .onFailure(e -> LOG.error("recovering unfinished runs failed", e)));
    }

    private static void replyWith(Message<?> msg, Future<?> result) {
        result.onSuccess(msg::reply).onFailure(e -> {
            int code = e instanceof GoferException g ? g.kind().httpStatus : 500;
            msg.fail(code, e.getMessage());
        });
    }

    /** {@code metrics}: how long each start took, from the request to the container running (image pull included). */
    private record BusContainers(EventBus bus, GoferMetrics metrics) implements Containers {
        @Override
        public Future<String> start(TaskKey task, ContainerSpec spec) {
            long requested = System.nanoTime();
            return bus.<String>request(Bus.START_CONTAINER, new StartContainer(task, spec), LONG).map(Message::body)
                    .onSuccess(id -> metrics.taskContainerStarted(task, Duration.ofNanos(System.nanoTime() - requested)));
        }

        @Override
        public Future<Void> stop(TaskKey task, String containerId, Duration grace) {
            return bus.request(Bus.STOP_CONTAINER, new StopContainer(task, containerId, grace), LONG).mapEmpty();
        }

        @Override
        public Future<List<String>> find(Map<String, String> labels) {
            return bus.<List<String>>request(Bus.FIND_CONTAINERS, labels, LONG).map(Message::body);
        }

        @Override
        public Future<Void> adopt(TaskKey task, String containerId) {
            return bus.request(Bus.ADOPT_CONTAINER, new Bus.AdoptContainer(task, containerId), LONG).mapEmpty();
        }

        @Override
        public Future<Void> remove(String containerId) {
            return bus.request(Bus.REMOVE_CONTAINER, containerId, LONG).mapEmpty();
        }

        @Override
        public Future<Void> archiveLog(TaskKey task, int attempt) {
            return bus.request(Bus.ARCHIVE_LOG, new Bus.ArchiveLog(task, attempt)).mapEmpty();
        }

        @Override
        public Future<Void> closeLog(TaskKey task) {
            return bus.request(Bus.CLOSE_LOG, task).mapEmpty();
        }

        @Override
        public Future<Void> maskInLogs(RunKey run, List<String> secretValues) {
            return bus.request(Bus.MASK_SECRETS, new Bus.MaskSecrets(run, List.copyOf(secretValues))).mapEmpty();
        }

        @Override
        public void forgetMasks(RunKey run) {
            bus.send(Bus.FORGET_SECRETS, run);
        }

        /** Pulling an image may take minutes; the default 30 s reply timeout would fail the task while it pulls. */
        private static final DeliveryOptions LONG =
                new DeliveryOptions().setSendTimeout(Duration.ofHours(1).toMillis());
    }
}
