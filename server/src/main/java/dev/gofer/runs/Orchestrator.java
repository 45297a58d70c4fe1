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
    private final Map<RunKey, ActiveRun> active = new HashMap<>();

    /**
     * @param instanceLabels labels put on every container so this server can find (and clean up) its own
     */
    public Orchestrator(Store store, Containers containers, Duration stopGrace, LongSupplier clock,
                        Map<String, String> instanceLabels) {
        this.store = store;
        this.containers = containers;
        this.stopGrace = stopGrace;
        this.clock = clock;
        this.instanceLabels = Map.copyOf(instanceLabels);
    }

    public Future<Run> startRun(StartRun req) {
        String ns = req.namespaceId();
        String pipelineId = req.pipelineId();
        for (String key : req.variables().keySet()) {
            if (key.isBlank() || key.contains("=")) {
                return Future.failedFuture(GoferException.invalid("variables: '" + key + "' is not a valid variable name"));
            }
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

    public Future<Void> cancel(RunKey key) {
        ActiveRun ar = active.get(key);
        if (ar != null) {
            ar.cancelRequested = true;
            advance(ar);
            return Future.succeededFuture();
        }
        return store.run(key).compose(run -> run.isEmpty()
                ? Future.failedFuture(GoferException.notFound("run " + key.runId() + " of pipeline '" + key.pipelineId() + "' not found"))
                : Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                        "run " + key.runId() + " is already complete (" + run.get().status().wire() + ")")));
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
        update(ar, done);
        advance(ar);
    }

    /** Calls the evaluator and acts on what it decides. Idempotent: safe to call after any change. */
    private void advance(ActiveRun ar) {
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

    private void launch(ActiveRun ar, String id) {
        ar.launched.add(id);
        TaskExecution t = ar.tasks.get(id);
        TaskKey key = t.key();
        containers.start(key, spec(t)).onComplete(started -> {
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
        });
    }

    private ContainerSpec spec(TaskExecution t) {
        TaskConfig task = t.task();
        Map<String, String> env = new LinkedHashMap<>();
        t.variables().forEach(v -> env.put(v.key(), v.value()));
        Map<String, String> labels = new LinkedHashMap<>(instanceLabels);
        labels.put("gofer.namespace", t.key().namespaceId());
        labels.put("gofer.pipeline", t.key().pipelineId());
        labels.put("gofer.run", Long.toString(t.key().runId()));
        labels.put("gofer.task", t.key().taskId());
        // the instance id keeps two Gofers on one engine from removing each other's containers by name
        String name = "gofer_" + instanceLabels.getOrDefault("gofer.instance", "") + "_" + t.key().slug();
        return new ContainerSpec(name, task.image(), task.registryAuth(),
                task.alwaysPullNewestImage(), task.entrypoint(), task.command(), env, labels);
    }

    private void update(ActiveRun ar, TaskExecution next) {
        ar.tasks.put(next.key().taskId(), next);
        ar.write(() -> store.updateTask(next));
    }

    private void finish(ActiveRun ar, Decisions.Outcome outcome) {
        ar.run = ar.run.complete(outcome.status(), outcome.reason(), clock.getAsLong());
        Run done = ar.run;
        ar.write(() -> store.updateRun(done))
                .onComplete(v -> active.remove(done.key()))
                .onFailure(e -> LOG.error("run {} finished but could not be stored", done.key(), e));
        LOG.info("run {} {}", done.key(), done.status().wire());
    }

    /**
     * Runs left unfinished by a previous process cannot be resumed (their containers' output was not
     * followed while Gofer was down), so they are closed as failed, saying why.
     */
    public Future<Integer> recoverUnfinished() {
        return store.unfinishedRuns().compose(runs -> {
            Future<Void> chain = Future.succeededFuture();
            long now = clock.getAsLong();
            for (Run run : runs) {
                chain = chain.compose(v -> store.tasks(run.key())).compose(tasks -> {
                    Future<Void> inner = Future.succeededFuture();
                    for (TaskExecution t : tasks) {
                        if (t.state() != TaskState.COMPLETE) {
                            TaskExecution orphaned = t.complete(TaskStatus.FAILED, new StatusReason(StatusReason.ORPHANED,
                                    "Gofer stopped while this task was " + t.state().wire()), null, now);
                            inner = inner.compose(v -> store.updateTask(orphaned)).compose(v -> containers.closeLog(t.key()));
                        }
                    }
                    return inner;
                }).compose(v -> store.updateRun(run.complete(RunStatus.FAILED,
                        new StatusReason(StatusReason.UNKNOWN, "Gofer restarted while this run was in progress"), now)));
            }
            return chain.map(runs.size());
        });
    }
}
