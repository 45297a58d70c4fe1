package dev.gofer.runs;

import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.dag.Dag;
import dev.gofer.dag.Decisions;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.GoferException;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.Variable;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives runs: creates them, asks the DAG evaluator what to do after every change, and carries the
 * decisions out through the store and the scheduler. Not thread-safe by design: the orchestrator
 * verticle calls it from its one event-loop thread.
 */
public final class Orchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final Store store;
    private final Containers containers;
    private final Duration stopGrace;
    private final LongSupplier clock;
    private final Map<String, String> instanceLabels;
    private final RunResources resources;
    private final Map<RunKey, ActiveRun> active = new HashMap<>();
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
        this.resources = resources;
        this.store = store;
        this.containers = containers;
        this.stopGrace = stopGrace;
        this.clock = clock;
        this.instanceLabels = Map.copyOf(instanceLabels);
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
        return store.pipeline(ns, pipelineId)
                .compose(p -> p.isEmpty()
                        ? Future.failedFuture(GoferException.notFound("pipeline '" + pipelineId + "' not found in namespace '" + ns + "'"))
                        : checkActive(p.get()))
                .compose(v -> store.liveConfig(ns, pipelineId))
                .compose(live -> live.isPresent() ? Future.succeededFuture(live.get())
                        : Future.failedFuture(GoferException.invalid("pipeline '" + pipelineId
                                + "' has no deployed config: deploy a version first (gofer pipeline deploy <file>)")))
                .compose(config -> {
                    long now = clock.getAsLong();
                    List<Variable> runVars = new ArrayList<>();
                    req.variables().forEach((k, v) -> runVars.add(new Variable(k, v, req.variableSource())));
                    return store.createRun(ns, pipelineId, runId -> plan(config, new RunKey(ns, pipelineId, runId), runVars, req, now))
                            .compose(run -> store.tasks(run.key()).map(tasks -> {
                                ActiveRun ar = new ActiveRun(run, config, order(config, tasks));
                                active.put(run.key(), ar);
                                begin(ar);
                                housekeeping(ns, pipelineId);
                                return run;
                            }));
                });
    }

    private Future<Void> checkActive(PipelineMetadata p) {
        if (!PipelineMetadata.ACTIVE.equals(p.state())) {
            return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                    "pipeline '" + p.pipelineId() + "' is " + p.state() + "; enable it to start runs"));
        }
        return Future.succeededFuture();
    }

    private Store.NewRun plan(ConfigVersion config, RunKey key, List<Variable> runVars, StartRun req, long now) {
        Run run = new Run(key, config.version(), now, 0, RunState.PENDING, RunStatus.UNKNOWN, null, req.initiator(), runVars);
        List<TaskExecution> tasks = new ArrayList<>();
        for (TaskConfig task : config.config().tasks()) {
            tasks.add(new TaskExecution(key.task(task.id()), task, now, 0, 0, null, TaskState.PROCESSING,
                    TaskStatus.UNKNOWN, null, environment(key, task, runVars), false, false));
        }
        return new Store.NewRun(run, tasks);
    }

    /** System variables, then run variables, then the task's own: later wins (the contract's precedence). */
    static List<Variable> environment(RunKey run, TaskConfig task, List<Variable> runVars) {
        Map<String, Variable> env = new LinkedHashMap<>();
        put(env, new Variable("GOFER_NAMESPACE_ID", run.namespaceId(), Variable.SYSTEM));
        put(env, new Variable("GOFER_PIPELINE_ID", run.pipelineId(), Variable.SYSTEM));
        put(env, new Variable("GOFER_RUN_ID", Long.toString(run.runId()), Variable.SYSTEM));
        put(env, new Variable("GOFER_TASK_ID", task.id(), Variable.SYSTEM));
        put(env, new Variable("GOFER_TASK_IMAGE", task.image(), Variable.SYSTEM));
        runVars.forEach(v -> put(env, v));
        task.variables().forEach((k, v) -> put(env, new Variable(k, v, Variable.PIPELINE_CONFIG)));
        return new ArrayList<>(env.values());
    }

    private static void put(Map<String, Variable> env, Variable v) {
        env.remove(v.key());
        env.put(v.key(), v);
    }

    private static List<TaskExecution> order(ConfigVersion config, List<TaskExecution> tasks) {
        Map<String, TaskExecution> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.key().taskId(), t));
        return config.config().tasks().stream().map(t -> byId.get(t.id())).toList();
    }

    private void begin(ActiveRun ar) {
        ar.run = ar.run.running();
        Run running = ar.run;
        ar.write(() -> store.updateRun(running));
        for (TaskExecution t : List.copyOf(ar.tasks.values())) {
            update(ar, t.moveTo(TaskState.WAITING));
        }
        advance(ar);
    }

    /**
     * For a clean stop: refuses new runs from now on, optionally cancels the active ones (waiting until
     * they are complete), and completes once every decided write is stored.
     */
    public Future<Void> shutdown(boolean cancelActive, Duration bound, io.vertx.core.Vertx vertx) {
        shuttingDown = true;
        Future<Void> cancelled = Future.succeededFuture();
        if (cancelActive && !active.isEmpty()) {
            List.copyOf(active.keySet()).forEach(this::cancel);
            io.vertx.core.Promise<Void> allDone = io.vertx.core.Promise.promise();
            long deadline = System.currentTimeMillis() + bound.toMillis();
            vertx.setPeriodic(100, timer -> {
                if (active.isEmpty() || System.currentTimeMillis() > deadline) {
                    vertx.cancelTimer(timer);
                    allDone.tryComplete();
                }
            });
            cancelled = allDone.future();
        }
        return cancelled.compose(v -> Future.all(active.values().stream().map(ar -> ar.write(Future::succeededFuture)).toList()))
                .mapEmpty();
    }

    public Future<Void> cancel(RunKey key) {
        ActiveRun ar = active.get(key);
        if (ar != null) {
            ar.cancelRequested = true;
            advance(ar);
            return Future.succeededFuture();
        }
        return store.run(key).compose(run -> run.isEmpty()
                ? Future.failedFuture(GoferException.notFound("run " + key.runId() + " of pipeline '" + key.pipelineId() + "' not found"))
                : run.get().state() == RunState.COMPLETE
                ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                        "run " + key.runId() + " is already complete (" + run.get().status().wire() + ")"))
                : Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                        "run " + key.runId() + " is being resumed after a restart; try again in a moment")));
    }

    public void containerExited(ContainerExited exited) {
        TaskKey key = exited.task();
        ActiveRun ar = active.get(key.run());
        if (ar == null || ar.tasks.get(key.taskId()).state() == TaskState.COMPLETE) {
            return;
        }
        TaskExecution t = ar.tasks.get(key.taskId());
        TaskExecution done;
        long now = clock.getAsLong();
        if (ar.stopping.contains(key.taskId())) {
            done = t.complete(TaskStatus.CANCELLED, new StatusReason(StatusReason.CANCELLED, "stopped because the run was cancelled"),
                    exited.exitCode(), now);
        } else if (exited.error() != null) {
            done = t.complete(TaskStatus.FAILED, new StatusReason(StatusReason.SCHEDULER_ERROR, exited.error()), null, now);
        } else if (exited.exitCode() == 0) {
            done = t.complete(TaskStatus.SUCCESSFUL, null, 0, now);
        } else {
            done = t.complete(TaskStatus.FAILED, new StatusReason(StatusReason.ABNORMAL_EXIT,
                    "container exited with code " + exited.exitCode()), exited.exitCode(), now);
        }
        // The container goes only once its task's end is stored: a crash in between finds it again at the
        // next start and collects its exit code, instead of running the task a second time.
        String containerId = ar.containerIds.get(key.taskId());
        update(ar, done).onSuccess(v -> containers.remove(containerId)
                .onFailure(e -> LOG.warn("container {} of {} was not removed: {}", containerId, key.slug(), e.getMessage())));
        advance(ar);
    }

    /** Calls the evaluator and acts on what it decides. Idempotent: safe to call after any change. */
    private void advance(ActiveRun ar) {
        if (ar.reattaching) {
            return; // resume() advances once every container of the run is accounted for
        }
        if (ar.advancing) {
            // called from inside an advance (a task's inputs failed at once): acting on a second evaluation now
            // would start the tasks the outer loop is about to start a second time; evaluate again after it
            ar.advanceAgain = true;
            return;
        }
        ar.advancing = true;
        try {
            do {
                ar.advanceAgain = false;
                decideAndAct(ar);
            } while (ar.advanceAgain);
        } finally {
            ar.advancing = false;
        }
    }

    private void decideAndAct(ActiveRun ar) {
        Decisions d = Dag.next(ar.snapshot());
        long now = clock.getAsLong();
        d.skip().forEach((id, why) -> completeWithoutContainer(ar, id, TaskStatus.SKIPPED, why, now));
        for (String id : d.cancel()) {
            completeWithoutContainer(ar, id, TaskStatus.CANCELLED,
                    new StatusReason(StatusReason.CANCELLED, "run was cancelled before this task started"), now);
        }
        for (String id : d.stop()) {
            stopIfRunning(ar, id);
        }
        for (String id : d.start()) {
            if (shuttingDown && !ar.cancelRequested) {
                break; // left for the next start, which resumes the run
            }
            launch(ar, id);
        }
        d.outcome().ifPresent(outcome -> finish(ar, outcome));
    }

    private void completeWithoutContainer(ActiveRun ar, String id, TaskStatus status, StatusReason why, long now) {
        update(ar, ar.tasks.get(id).complete(status, why, null, now));
        TaskKey key = ar.run.key().task(id);
        ar.write(() -> containers.closeLog(key));
    }

    private void stopIfRunning(ActiveRun ar, String id) {
        String containerId = ar.containerIds.get(id);
        if (containerId == null || !ar.stopping.add(id)) {
            return; // not up yet (stopped when its start completes) or already being stopped
        }
        TaskKey key = ar.run.key().task(id);
        containers.stop(key, containerId, stopGrace)
                .onFailure(e -> LOG.warn("could not stop {}: {}", key.slug(), e.getMessage()));
    }

    /** Expires old runs' objects; a failure only delays that to the next run start or end. */
    private void housekeeping(String ns, String pipelineId) {
        resources.runChanged(ns, pipelineId)
                .onFailure(e -> LOG.warn("expiring old run objects of {}/{} failed: {}", ns, pipelineId, e.getMessage()));
    }

    private void launch(ActiveRun ar, String id) {
        ar.launched.add(id);
        TaskExecution t = ar.tasks.get(id);
        TaskKey key = t.key();
        // Placeholders are filled now, not at run start, so a parent's run object reaches its children.
        resources.resolve(t).onComplete(resolved -> {
            if (resolved.failed()) {
                completeWithoutContainer(ar, id, TaskStatus.FAILED, new StatusReason(StatusReason.FAILED_PRECONDITION,
                        resolved.cause().getMessage()), clock.getAsLong());
                advance(ar);
                return;
            }
            List<String> secretValues = resolved.result().secretValues();
            Future<Void> masked = secretValues.isEmpty() ? Future.succeededFuture()
                    : containers.maskInLogs(key.run(), secretValues);
            masked.compose(v -> containers.start(key, spec(t, resolved.result())))
                    .onComplete(started -> started(ar, id, started));
        });
    }

    private void started(ActiveRun ar, String id, io.vertx.core.AsyncResult<String> started) {
        if (started.failed()) {
            completeWithoutContainer(ar, id, TaskStatus.FAILED,
                    new StatusReason(StatusReason.SCHEDULER_ERROR, started.cause().getMessage()), clock.getAsLong());
            advance(ar);
            return;
        }
        ar.containerIds.put(id, started.result());
        TaskExecution current = ar.tasks.get(id);
        if (current.state() == TaskState.WAITING) {
            update(ar, current.running(clock.getAsLong()));
        }
        if (ar.cancelRequested) {
            stopIfRunning(ar, id);
        }
    }

    private ContainerSpec spec(TaskExecution t, RunResources.Resolved resolved) {
        TaskConfig task = t.task();
        Map<String, String> labels = labels(t.key());
        // the instance id keeps two Gofers on one engine from removing each other's containers by name
        String name = "gofer_" + instanceLabels.getOrDefault("gofer.instance", "") + "_" + t.key().slug();
        return new ContainerSpec(name, task.image(), resolved.registryAuth(),
                task.alwaysPullNewestImage(), task.entrypoint(), task.command(), resolved.env(), labels);
    }

    private Future<Void> update(ActiveRun ar, TaskExecution next) {
        ar.tasks.put(next.key().taskId(), next);
        return ar.write(() -> store.updateTask(next));
    }

    private void finish(ActiveRun ar, Decisions.Outcome outcome) {
        ar.run = ar.run.complete(outcome.status(), outcome.reason(), clock.getAsLong());
        Run done = ar.run;
        // The run's API token goes first: once anyone sees the run complete, its token is already refused.
        ar.write(() -> resources.runEnded(done.key())
                        .recover(e -> {
                            LOG.error("the API token of run {} could not be revoked (the next start revokes it): {}", done.key(), e.getMessage());
                            return Future.succeededFuture();
                        })
                        .compose(v -> store.updateRun(done)))
                .onComplete(v -> {
                    active.remove(done.key());
                    containers.forgetMasks(done.key());
                    housekeeping(done.key().namespaceId(), done.key().pipelineId());
                })
                .onFailure(e -> LOG.error("run {} finished but could not be stored", done.key(), e));
        LOG.info("run {} {}", done.key(), done.status().wire());
    }

    /**
     * Picks up runs a previous process left unfinished: a task whose container still exists is
     * re-attached (its log continues where it stopped; if it already exited, its exit code and output
     * are collected), a task that had a container which vanished fails as {@code orphaned}, tasks not
     * started yet run as the DAG says. Containers of this server that belong to no such run are removed.
     */
    public Future<Integer> recover(List<Run> unfinished) {
        Set<String> adopted = new HashSet<>();
        // Taken before any run resumes: containers started by resumed runs are not strays.
        Future<List<String>> before = containers.find(taskContainers());
        return before.transform(own -> Future.succeededFuture(unfinished)).compose(runs -> {
            Future<Void> chain = Future.succeededFuture();
            for (Run run : runs) {
                chain = chain.compose(v -> resume(run, adopted).recover(e -> {
                    LOG.error("run {} could not be resumed", run.key(), e);
                    return Future.succeededFuture();
                }));
            }
            return chain.compose(v -> removeStrays(before, adopted))
                    .compose(v -> revokeLeftovers())
                    .map(runs.size());
        });
    }

    /**
     * The runs a previous process left unfinished. Read before this server accepts any new run: a run started
     * meanwhile would otherwise be "unfinished" too, and get a second orchestration beside its own.
     */
    public Future<List<Run>> unfinishedRuns() {
        return store.unfinishedRuns();
    }

    private Future<Void> resume(Run run, Set<String> adopted) {
        RunKey key = run.key();
        return store.config(key.namespaceId(), key.pipelineId(), run.configVersion())
                .compose(config -> store.tasks(key).map(tasks -> new ActiveRun(run, config.orElseThrow(() ->
                        new IllegalStateException("config version " + run.configVersion() + " is gone")), order(config.get(), tasks))))
                .compose(ar -> {
                    ar.reattaching = true;
                    active.put(key, ar);
                    if (ar.run.state() == RunState.PENDING) {
                        ar.run = ar.run.running();
                        Run running = ar.run;
                        ar.write(() -> store.updateRun(running));
                    }
                    Future<Void> tasks = Future.succeededFuture();
                    for (TaskExecution t : List.copyOf(ar.tasks.values())) {
                        if (t.state() != TaskState.COMPLETE) {
                            tasks = tasks.compose(v -> reattach(ar, t, adopted));
                        }
                    }
                    return tasks.onComplete(v -> {
                        LOG.info("run {} resumed after restart", key);
                        ar.reattaching = false;
                        advance(ar);
                    });
                });
    }

    private Future<Void> reattach(ActiveRun ar, TaskExecution t, Set<String> adopted) {
        String id = t.key().taskId();
        return containers.find(labels(t.key())).transform(found -> {
            long now = clock.getAsLong();
            if (found.failed()) {
                completeWithoutContainer(ar, id, TaskStatus.FAILED, new StatusReason(StatusReason.SCHEDULER_ERROR,
                        "could not look for this task's container after a restart: " + found.cause().getMessage()), now);
                return Future.succeededFuture();
            }
            if (!found.result().isEmpty()) {
                String containerId = found.result().get(0);
                adopted.add(containerId);
                ar.launched.add(id);
                ar.containerIds.put(id, containerId);
                TaskExecution current = t.state() == TaskState.PROCESSING ? t.moveTo(TaskState.WAITING) : t;
                if (current.state() == TaskState.WAITING) {
                    current = current.running(now);
                }
                update(ar, current);
                return remask(t).compose(v -> containers.adopt(t.key(), containerId));
            }
            if (t.state() == TaskState.RUNNING) {
                completeWithoutContainer(ar, id, TaskStatus.FAILED, new StatusReason(StatusReason.ORPHANED,
                        "its container vanished while Gofer was down"), now);
            } else if (t.state() == TaskState.PROCESSING) {
                update(ar, t.moveTo(TaskState.WAITING));
            }
            return Future.succeededFuture();
        });
    }

    /** An adopted task's output keeps its secrets masked: the values are looked up again (they are never stored in clear). */
    private Future<Void> remask(TaskExecution t) {
        return resources.resolve(t).transform(r -> r.succeeded() && !r.result().secretValues().isEmpty()
                ? containers.maskInLogs(t.key().run(), r.result().secretValues())
                : Future.succeededFuture());
    }

    /** Revokes the API tokens of runs that are not active: a crash between a run's end and its token's revocation left them. */
    private Future<Void> revokeLeftovers() {
        return resources.recovered(active::containsKey).recover(e -> {
            LOG.warn("could not revoke API tokens left by runs that ended before a crash: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    private Future<Void> removeStrays(Future<List<String>> ownBeforeRecovery, Set<String> adopted) {
        return ownBeforeRecovery.compose(own -> {
            Future<Void> chain = Future.succeededFuture();
            for (String containerId : own) {
                if (!adopted.contains(containerId)) {
                    LOG.info("removing container {}: labelled by this Gofer but part of no unfinished run", containerId);
                    chain = chain.compose(v -> containers.remove(containerId));
                }
            }
            return chain;
        }).recover(e -> {
            LOG.warn("could not clean up containers left by an earlier run: {}", e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Task containers of this server; extension containers carry the same instance label but another role. */
    private Map<String, String> taskContainers() {
        Map<String, String> labels = new LinkedHashMap<>(instanceLabels);
        labels.put("gofer.role", "task");
        return labels;
    }

    private Map<String, String> labels(TaskKey key) {
        Map<String, String> labels = taskContainers();
        labels.put("gofer.namespace", key.namespaceId());
        labels.put("gofer.pipeline", key.pipelineId());
        labels.put("gofer.run", Long.toString(key.runId()));
        labels.put("gofer.task", key.taskId());
        return labels;
    }
}
