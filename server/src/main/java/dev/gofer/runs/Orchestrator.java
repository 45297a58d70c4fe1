package dev.gofer.runs;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.config.TaskLimits;
import dev.gofer.model.ConfigVersion;
import dev.gofer.metrics.GoferMetrics;
import dev.gofer.model.GoferException;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.Variable;
import dev.gofer.runs.RunInput.Cancel;
import dev.gofer.runs.RunInput.Exited;
import dev.gofer.runs.RunInput.Start;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs' entry points: starts runs, passes cancels and container exits to the run's {@link RunDriver}, resumes
 * what a previous process left unfinished. Holds one driver per run that is not complete, and never two.
 * Not thread-safe by design: the orchestrator verticle calls it from its one event-loop thread.
 */
public final class Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final Store store;
    private final RunServices services;
    private final Map<RunKey, RunDriver> drivers = new HashMap<>();
    /** The drivers' count, for readers on other threads (the idle heap release). */
    private final AtomicInteger runsInFlight = new AtomicInteger();
    /** Runs the queue let go whose driver is not there yet (their running state is being stored). */
    private final Map<RunKey, Future<RunDriver>> starting = new HashMap<>();
    private final RunQueue queue;
    private final RunRetry retries;
    private boolean shuttingDown;

    /**
     * @param instanceLabels labels put on every container so this server can find (and clean up) its own
     */
    public Orchestrator(Store store, Containers containers, Duration stopGrace, LongSupplier clock,
                        Map<String, String> instanceLabels) {
        this(store, containers, stopGrace, clock, instanceLabels, RunResources.NONE);
    }

    /** @param resources fills secret and object placeholders before a task starts, expires old run objects */
    public Orchestrator(Store store, Containers containers, Duration stopGrace, LongSupplier clock,
                        Map<String, String> instanceLabels, RunResources resources) {
        this(store, containers, stopGrace, clock, instanceLabels, resources, TaskLimits.NONE, Timers.NEVER);
    }

    /**
     * @param limits the server's defaults and maximums of timeouts and resources
     * @param timers deadlines and retries, at times of {@code clock}
     */
    public Orchestrator(Store store, Containers containers, Duration stopGrace, LongSupplier clock,
                        Map<String, String> instanceLabels, RunResources resources, TaskLimits limits, Timers timers) {
        this(store, containers, stopGrace, clock, instanceLabels, resources, limits, timers, GoferMetrics.none());
    }

    /** @param metrics told of every run and task change */
    public Orchestrator(Store store, Containers containers, Duration stopGrace, LongSupplier clock,
                        Map<String, String> instanceLabels, RunResources resources, TaskLimits limits, Timers timers,
                        GoferMetrics metrics) {
        this.store = store;
        this.services = new RunServices(store, containers, resources, clock, stopGrace,
                new TaskContainers(instanceLabels), () -> shuttingDown, new RunControls(limits), timers, metrics);
        this.queue = new RunQueue(store, this::admitted);
        this.retries = new RunRetry(store, resources);
    }

    public Future<Run> startRun(StartRun req) {
        if (shuttingDown) {
            return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE, "Gofer is shutting down; start the run again once it is back"));
        }
        String ns = req.namespaceId();
        String pipelineId = req.pipelineId();
        try {
            RunVariables.check(req.variables());
        } catch (GoferException e) {
            return Future.failedFuture(e);
        }
        // both reads at once: a start is one read's latency, not two in a row
        Future<Optional<ConfigVersion>> liveConfig = store.liveConfig(ns, pipelineId);
        return store.pipeline(ns, pipelineId)
                .compose(p -> p.isEmpty()
                        ? Future.failedFuture(GoferException.notFound("pipeline '" + pipelineId + "' not found in namespace '" + ns + "'"))
                        : checkActive(p.get()))
                .compose(v -> liveConfig)
                .compose(live -> live.isPresent() ? Future.succeededFuture(live.get())
                        : Future.failedFuture(GoferException.invalid("pipeline '" + pipelineId
                                + "' has no deployed config: deploy a version first (gofer pipeline deploy <file>)")))
                .compose(config -> {
                    List<Variable> runVars;
                    try {
                        runVars = RunInputs.resolve(config.config(), RunPlan.given(req));
                    } catch (GoferException e) {
                        return Future.failedFuture(e);
                    }
                    long now = services.clock().getAsLong();
                    // decided here, stored with the run: the queue is used from this thread only
                    boolean atOnce = queue.admitsAtOnce(ns, pipelineId, config.config());
                    return store.createRun(ns, pipelineId, runId -> {
                        Store.NewRun plan = RunPlan.of(config, new RunKey(ns, pipelineId, runId), req, runVars, now);
                        return atOnce ? RunPlan.admitted(plan, admittedAt(plan.run(), config, now)) : plan;
                    }).map(created -> created.run().state() == RunState.RUNNING ? startedAtOnce(created, config) : queued(created.run(), config));
                });
    }

    /** Re-run from failure: a new run of the original's config, reusing what succeeded there; queued like any run. */
    public Future<Run> retryRun(RetryRun req) {
        if (shuttingDown) {
            return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE, "Gofer is shutting down; retry the run once it is back"));
        }
        return retries.create(req, services.clock().getAsLong()).map(created -> queued(created.run(), created.config()));
    }

    /** A new pending run joins the queue; with cancel_in_progress it first cancels the other runs of its group. */
    private Run queued(Run run, ConfigVersion config) {
        services.metrics().runStarted(run);
        queue.enqueue(run, config);
        for (RunKey older : queue.supersededBy(run, config)) {
            LOG.info("run {} cancels run {} of its concurrency group (cancel_in_progress)", run.key(), older);
            cancel(older).onFailure(e -> LOG.warn("run {} could not cancel run {}: {}", run.key(), older, e.getMessage()));
        }
        queue.pump();
        return run;
    }

    /**
     * A run the queue admitted as it was created: stored running, its tasks waiting, by {@code createRun}, so its
     * driver starts now with the tasks as stored (not read back: a read on the run's critical path).
     */
    private Run startedAtOnce(Store.NewRun created, ConfigVersion config) {
        Run run = created.run();
        services.metrics().runStarted(run);
        queue.holding(run.key(), run.started(), config.config());
        drive(run, config, Future.succeededFuture(created.tasks()));
        return run;
    }

    /**
     * The queue let this run go. Its running state is stored before its driver exists, so a run that is pending
     * in the store never had a container: after a crash it is queued again, never started twice.
     */
    private void admitted(Run pending, ConfigVersion config) {
        // stored running in one write with its deadline
        Run running = admittedAt(pending, config, services.clock().getAsLong());
        // the tasks were stored with the run (committed): they are read beside the write, not after it
        Future<List<TaskExecution>> tasksRead = store.tasks(running.key());
        drive(running, config, store.updateRun(running).compose(v -> tasksRead));
    }

    /** The run admitted at {@code now}: running, its deadline (run_timeout) counted from here. */
    private Run admittedAt(Run pending, ConfigVersion config, long now) {
        return pending.admitted(now, services.controls().runDeadline(config.config(), now));
    }

    /** Starts the driver of a run stored running, once its tasks are read. */
    private void drive(Run running, ConfigVersion config, Future<List<TaskExecution>> tasksRead) {
        RunKey key = running.key();
        Future<RunDriver> driver = tasksRead
                .map(tasks -> {
                    RunDriver d = RunDriver.forNewRun(services, running, config, RunPlan.inConfigOrder(config, tasks));
                    register(d);
                    d.submit(new Start());
                    housekeeping(key.namespaceId(), key.pipelineId());
                    return d;
                });
        starting.put(key, driver);
        driver.onComplete(d -> starting.remove(key)).onFailure(e -> {
            LOG.error("run {} could not be started; the next start of Gofer takes it up again", key, e);
            queue.released(key);
        });
    }

    private Future<Void> checkActive(PipelineMetadata p) {
        if (!PipelineMetadata.ACTIVE.equals(p.state())) {
            return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                    "pipeline '" + p.pipelineId() + "' is " + p.state() + "; enable it to start runs"));
        }
        return Future.succeededFuture();
    }

    /** The run's inputs go to this driver until the run's end is stored. */
    private void register(RunDriver driver) {
        RunKey key = driver.key();
        drivers.put(key, driver);
        runsInFlight.set(drivers.size());
        if (driver.state().run.state() == RunState.RUNNING) {
            queue.holding(key, driver.state().run.started(), driver.state().config.config());
        }
        driver.ended().onComplete(v -> {
            drivers.remove(key);
            runsInFlight.set(drivers.size());
            services.containers().forgetMasks(key);
            housekeeping(key.namespaceId(), key.pipelineId());
            queue.released(key);
        });
    }

    /** Runs with a driver now (started or resumed, not yet complete); safe to call from any thread. */
    public int runsInFlight() {
        return runsInFlight.get();
    }

    /** Expires old runs' objects; a failure only delays that to the next run start or end. */
    private void housekeeping(String ns, String pipelineId) {
        services.resources().runChanged(ns, pipelineId)
                .onFailure(e -> LOG.warn("expiring old run objects of {}/{} failed: {}", ns, pipelineId, e.getMessage()));
    }

    /**
     * For a clean stop: refuses new runs from now on, optionally cancels the active ones (waiting until
     * they are complete, at most {@code bound}), and completes once every decided write is stored.
     */
    public Future<Void> shutdown(boolean cancelActive, Duration bound, Vertx vertx) {
        shuttingDown = true;
        queue.hold(); // pending runs stay pending, for the next start
        Future<Void> cancelled = Future.succeededFuture();
        if (cancelActive && !drivers.isEmpty()) {
            List<RunDriver> running = List.copyOf(drivers.values());
            running.forEach(driver -> driver.submit(new Cancel()));
            Promise<Void> allDone = Promise.promise();
            long timer = vertx.setTimer(bound.toMillis(), t -> allDone.tryComplete());
            Future.join(running.stream().map(RunDriver::ended).toList()).onComplete(v -> {
                vertx.cancelTimer(timer);
                allDone.tryComplete();
            });
            cancelled = allDone.future();
        }
        return cancelled.compose(v -> Future.all(drivers.values().stream().map(RunDriver::writesDone).toList()))
                .mapEmpty();
    }

    public Future<Void> cancel(RunKey key) {
        RunDriver driver = drivers.get(key);
        if (driver != null) {
            driver.submit(new Cancel());
            return Future.succeededFuture();
        }
        Future<RunDriver> soon = starting.get(key);
        if (soon != null) {
            soon.onSuccess(d -> d.submit(new Cancel()));
            return Future.succeededFuture();
        }
        Optional<RunQueue.Queued> waiting = queue.remove(key);
        if (waiting.isPresent()) {
            return cancelPending(waiting.get());
        }
        return store.run(key).compose(run -> run.isEmpty()
                ? Future.failedFuture(GoferException.notFound("run " + key.runId() + " of pipeline '" + key.pipelineId() + "' not found"))
                : run.get().state() == RunState.COMPLETE
                ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                        "run " + key.runId() + " is already complete (" + run.get().status().wire() + ")"))
                : Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                        "run " + key.runId() + " is being resumed after a restart; try again in a moment")));
    }

    /**
     * Completes once the run is complete (at once when it is, or is gone); fails UNAVAILABLE when no driver of this
     * process runs it: still pending in the queue, or being resumed after a restart.
     */
    public Future<Void> ended(RunKey key) {
        RunDriver driver = drivers.get(key);
        if (driver != null) {
            return driver.ended();
        }
        Future<RunDriver> soon = starting.get(key);
        if (soon != null) {
            return soon.compose(RunDriver::ended);
        }
        return store.run(key).compose(run -> run.isEmpty() || run.get().state() == RunState.COMPLETE ? Future.succeededFuture()
                : Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE, "run " + key.runId() + " of pipeline '"
                        + key.pipelineId() + "' is " + run.get().state().wire() + " and not yet run by this server"
                        + " (waiting in the queue, or being resumed after a restart); try again in a moment")));
    }

    /**
     * Cancels one task of a running run; completes with the seconds its container (if running) gets between
     * SIGTERM and SIGKILL. A run still pending has no task to cancel yet (conflict: cancel the run instead).
     */
    public Future<Long> cancelTask(TaskKey task) {
        RunKey key = task.run();
        RunDriver driver = drivers.get(key);
        Future<RunDriver> soon = driver != null ? Future.succeededFuture(driver) : starting.get(key);
        if (soon != null) {
            return soon.compose(d -> {
                Promise<Void> answer = Promise.promise();
                d.submit(new RunInput.CancelTask(task.taskId(), answer));
                return answer.future();
            }).map(v -> services.stopGrace().toSeconds());
        }
        return store.run(key).compose(run -> run.isEmpty()
                ? Future.failedFuture(GoferException.notFound("run " + key.runId() + " of pipeline '" + key.pipelineId() + "' not found"))
                : store.task(task).compose(t -> {
                    GoferException refused = TaskCancellation.refusal(key, task.taskId(), t.orElse(null));
                    return Future.failedFuture(refused != null ? refused : new GoferException(GoferException.Kind.CONFLICT,
                            "run " + key.runId() + " has not started yet (" + run.get().state().wire()
                                    + "); cancel the whole run instead, or this task once the run is running"));
                }));
    }

    /** The container running the task now, to attach to; not found, or conflict when the task is not running. */
    public Future<String> runningContainer(TaskKey task) {
        RunDriver driver = drivers.get(task.run());
        if (driver != null) {
            try {
                return Future.succeededFuture(TaskAttachment.runningContainer(driver.state(), task));
            } catch (GoferException e) {
                return Future.failedFuture(e);
            }
        }
        return store.task(task).compose(t -> Future.failedFuture(t.isEmpty() ? TaskAttachment.notFound(task)
                : TaskAttachment.notRunning(t.get(), false)));
    }

    /** A pending run never started: its driver cancels every task and ends it, holding no place in the queue. */
    private Future<Void> cancelPending(RunQueue.Queued waiting) {
        Run run = waiting.run();
        return store.tasks(run.key()).map(tasks -> {
            RunDriver d = RunDriver.forNewRun(services, run, waiting.config(), RunPlan.inConfigOrder(waiting.config(), tasks));
            register(d);
            d.submit(new Cancel());
            return null;
        });
    }

    public void containerExited(ContainerExited exited) {
        RunDriver driver = drivers.get(exited.task().run());
        if (driver != null) {
            driver.submit(new Exited(exited));
        }
    }

    /**
     * The runs a previous process left unfinished. Read before this server accepts any new run: a run started
     * meanwhile would otherwise be "unfinished" too (recovery would then leave it to its own driver).
     */
    public Future<List<Run>> unfinishedRuns() {
        return store.unfinishedRuns();
    }

    /**
     * Resumes the runs {@link #unfinishedRuns()} found that ran, and queues again those that were pending; completes
     * with how many (resumed and queued again), once each is re-attached. Nothing leaves the queue before that: the resumed runs hold
     * their places first.
     */
    public Future<Integer> recover(List<Run> unfinished) {
        queue.hold();
        List<Run> ran = unfinished.stream().filter(r -> r.state() != RunState.PENDING).toList();
        List<Run> waited = unfinished.stream().filter(r -> r.state() == RunState.PENDING).toList();
        Future<Void> requeued = Future.succeededFuture();
        for (Run run : waited) {
            RunKey key = run.key();
            requeued = requeued.compose(v -> store.config(key.namespaceId(), key.pipelineId(), run.configVersion()))
                    .compose(config -> {
                        config.ifPresentOrElse(c -> queue.enqueue(run, c),
                                () -> LOG.error("pending run {} cannot start: its config version {} is gone", key, run.configVersion()));
                        return Future.<Void>succeededFuture();
                    });
        }
        Future<Integer> resumed = new RunRecovery(services, drivers::containsKey, this::register).recover(ran);
        return Future.join(requeued, resumed).transform(v -> {
            queue.release();
            return resumed.map(n -> n + waited.size());
        });
    }
}
