package dev.gofer.runs;

import dev.gofer.metrics.GoferMetrics;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.dag.Dag;
import dev.gofer.dag.Decisions;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.runs.RunInput.Cancel;
import dev.gofer.runs.RunInput.ContainerStarted;
import dev.gofer.runs.RunInput.Exited;
import dev.gofer.runs.RunInput.LookedUp;
import dev.gofer.runs.RunInput.Resumed;
import dev.gofer.runs.RunInput.Start;
import dev.gofer.runs.RunInput.StartFailed;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one run from its start (or its resumption after a restart) to its end. Everything that happens to
 * the run arrives as a {@link RunInput} and is handled one at a time: the input changes the run's state, then
 * the DAG is evaluated from a snapshot of that state and its decisions are carried out. An action that reports
 * back at once (a task whose inputs cannot be filled) only queues another input, so one evaluation's decisions
 * are never acted on twice. Used from the orchestrator's one Vert.x context.
 */
final class RunDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RunDriver.class);

    /** What every driver of this server shares. {@code shuttingDown}: new containers are left for the next start. */
    record Services(Store store, Containers containers, RunResources resources, LongSupplier clock,
                    Duration stopGrace, TaskContainers taskContainers, BooleanSupplier shuttingDown, GoferMetrics metrics) {
    }

    /** Where the driver is in its own life, apart from the run's state. */
    private enum Phase {
        /** After a restart, while the run's containers are looked for: the DAG must not act yet, a task whose container has not been looked for would look never started. */
        ATTACHING,
        DRIVING,
        /** The run's end is decided; late inputs change nothing. */
        ENDED
    }

    private final Services services;
    private final ActiveRun state;
    private final SerialInbox<RunInput> inbox = new SerialInbox<>(this::handle);
    private final Promise<Void> ended = Promise.promise();
    private Phase phase;

    private RunDriver(Services services, ActiveRun state, Phase phase) {
        this.services = services;
        this.state = state;
        this.phase = phase;
        services.metrics().runChanged(state.run);
        state.tasks.values().forEach(services.metrics()::taskChanged);
    }

    /** A new run; give it {@link RunInput.Start}. */
    static RunDriver forNewRun(Services services, Run run, ConfigVersion config, List<TaskExecution> tasks) {
        services.metrics().runStarted(run);
        return new RunDriver(services, new ActiveRun(run, config, tasks), Phase.DRIVING);
    }

    /** A run a previous process left unfinished; {@link #resume} looks for its containers. */
    static RunDriver forUnfinishedRun(Services services, Run run, ConfigVersion config, List<TaskExecution> tasks) {
        return new RunDriver(services, new ActiveRun(run, config, tasks), Phase.ATTACHING);
    }

    RunKey key() {
        return state.run.key();
    }

    /** Completes once the run's end is stored (or could not be). */
    Future<Void> ended() {
        return ended.future();
    }

    /** Completes once every write decided so far is stored. */
    Future<Void> writesDone() {
        return state.write(Future::succeededFuture);
    }

    void submit(RunInput input) {
        inbox.offer(input);
    }

    private void handle(RunInput input) {
        if (phase == Phase.ENDED) {
            return;
        }
        try {
            if (apply(input) && phase == Phase.DRIVING) {
                evaluate();
            }
        } catch (RuntimeException e) {
            LOG.error("run {}: {} could not be handled", key(), input, e);
        }
    }

    /** Changes the run's state by one input; true when the DAG may decide something new. */
    private boolean apply(RunInput input) {
        if (input instanceof Start) {
            return begin();
        }
        if (input instanceof Cancel) {
            state.cancelRequested = true;
            return true;
        }
        if (input instanceof ContainerStarted s) {
            return containerStarted(s);
        }
        if (input instanceof StartFailed f) {
            completeWithoutContainer(f.taskId(), TaskStatus.FAILED, f.why());
            return true;
        }
        if (input instanceof Exited e) {
            return containerExited(e.exit());
        }
        if (input instanceof LookedUp l) {
            return lookedUp(l);
        }
        if (input instanceof Resumed) {
            LOG.info("run {} resumed after restart", key());
            phase = Phase.DRIVING;
            return true;
        }
        throw new IllegalArgumentException("unknown input " + input);
    }

    private boolean begin() {
        Run running = changeRun(state.run.running());
        state.write(() -> services.store().updateRun(running));
        for (TaskExecution t : List.copyOf(state.tasks.values())) {
            update(t.moveTo(TaskState.WAITING));
        }
        return true;
    }

    /** Asks the DAG what to do with the run as it is now, and does it. */
    private void evaluate() {
        Decisions d = Dag.next(state.snapshot());
        d.skip().forEach((id, why) -> completeWithoutContainer(id, TaskStatus.SKIPPED, why));
        for (String id : d.cancel()) {
            completeWithoutContainer(id, TaskStatus.CANCELLED,
                    new StatusReason(StatusReason.CANCELLED, "run was cancelled before this task started"));
        }
        d.stop().forEach(this::stopIfRunning);
        for (String id : d.start()) {
            if (services.shuttingDown().getAsBoolean() && !state.cancelRequested) {
                break; // left for the next start, which resumes the run
            }
            launch(id);
        }
        d.outcome().ifPresent(this::finish);
    }

    /** Hands the task to the scheduler; how that went comes back as an input. */
    private void launch(String id) {
        state.launched.add(id);
        long requested = now();
        TaskExecution t = state.tasks.get(id);
        // Placeholders are filled now, not at run start, so a parent's run object reaches its children.
        services.resources().resolve(t).onComplete(resolved -> {
            if (resolved.failed()) {
                submit(new StartFailed(id, new StatusReason(StatusReason.FAILED_PRECONDITION, resolved.cause().getMessage())));
                return;
            }
            List<String> secretValues = resolved.result().secretValues();
            Future<Void> masked = secretValues.isEmpty() ? Future.succeededFuture()
                    : services.containers().maskInLogs(key(), secretValues);
            masked.compose(v -> services.containers().start(t.key(), services.taskContainers().spec(t, resolved.result())))
                    .onSuccess(containerId -> {
                        services.metrics().taskContainerStarted(t.key(), Duration.ofMillis(now() - requested));
                        submit(new ContainerStarted(id, containerId));
                    })
                    .onFailure(e -> submit(new StartFailed(id, new StatusReason(StatusReason.SCHEDULER_ERROR, e.getMessage()))));
        });
    }

    /** Nothing for the DAG to decide: the task was counted as started when it was launched. */
    private boolean containerStarted(ContainerStarted s) {
        state.containerIds.put(s.taskId(), s.containerId());
        TaskExecution current = state.tasks.get(s.taskId());
        if (current.state() == TaskState.WAITING) {
            update(current.running(now()));
        }
        if (state.cancelRequested) {
            stopIfRunning(s.taskId());
        }
        return false;
    }

    private boolean containerExited(ContainerExited exited) {
        TaskKey key = exited.task();
        TaskExecution t = state.tasks.get(key.taskId());
        if (t == null || t.state() == TaskState.COMPLETE) {
            return false;
        }
        TaskExecution done;
        if (state.stopping.contains(key.taskId())) {
            done = t.complete(TaskStatus.CANCELLED, new StatusReason(StatusReason.CANCELLED, "stopped because the run was cancelled"),
                    exited.exitCode(), now());
        } else if (exited.error() != null) {
            done = t.complete(TaskStatus.FAILED, new StatusReason(StatusReason.SCHEDULER_ERROR, exited.error()), null, now());
        } else if (exited.exitCode() == 0) {
            done = t.complete(TaskStatus.SUCCESSFUL, null, 0, now());
        } else {
            done = t.complete(TaskStatus.FAILED, new StatusReason(StatusReason.ABNORMAL_EXIT,
                    "container exited with code " + exited.exitCode()), exited.exitCode(), now());
        }
        // The container goes only once its task's end is stored: a crash in between finds it again at the
        // next start and collects its exit code, instead of running the task a second time.
        String containerId = state.containerIds.get(key.taskId());
        update(done).onSuccess(v -> services.containers().remove(containerId)
                .onFailure(e -> LOG.warn("container {} of {} was not removed: {}", containerId, key.slug(), e.getMessage())));
        return true;
    }

    private void completeWithoutContainer(String id, TaskStatus status, StatusReason why) {
        update(state.tasks.get(id).complete(status, why, null, now()));
        TaskKey key = key().task(id);
        state.write(() -> services.containers().closeLog(key));
    }

    private void stopIfRunning(String id) {
        String containerId = state.containerIds.get(id);
        if (containerId == null || !state.stopping.add(id)) {
            return; // not up yet (stopped when its start completes) or already being stopped
        }
        TaskKey key = key().task(id);
        services.containers().stop(key, containerId, services.stopGrace())
                .onFailure(e -> LOG.warn("could not stop {}: {}", key.slug(), e.getMessage()));
    }

    private Run changeRun(Run next) {
        state.run = next;
        services.metrics().runChanged(next);
        return next;
    }

    private Future<Void> update(TaskExecution next) {
        state.tasks.put(next.key().taskId(), next);
        services.metrics().taskChanged(next);
        return state.write(() -> services.store().updateTask(next));
    }

    private void finish(Decisions.Outcome outcome) {
        phase = Phase.ENDED;
        Run done = changeRun(state.run.complete(outcome.status(), outcome.reason(), now()));
        // The run's API token goes first: once anyone sees the run complete, its token is already refused.
        state.write(() -> services.resources().runEnded(done.key())
                        .recover(e -> {
                            LOG.error("the API token of run {} could not be revoked (the next start revokes it): {}", done.key(), e.getMessage());
                            return Future.succeededFuture();
                        })
                        .compose(v -> services.store().updateRun(done)))
                .onFailure(e -> LOG.error("run {} finished but could not be stored", done.key(), e))
                .onComplete(v -> ended.complete());
        LOG.info("run {} {}", done.key(), done.status().wire());
    }

    // ---- after a restart -------------------------------------------------------------------------

    /**
     * Looks for the container of every task that is not complete, one task after the other, then lets the DAG
     * act again. Containers found are added to {@code adopted}.
     */
    Future<Void> resume(Set<String> adopted) {
        if (state.run.state() == RunState.PENDING) {
            Run running = changeRun(state.run.running());
            state.write(() -> services.store().updateRun(running));
        }
        Future<Void> tasks = Future.succeededFuture();
        for (TaskExecution t : List.copyOf(state.tasks.values())) {
            if (t.state() != TaskState.COMPLETE) {
                tasks = tasks.compose(v -> reattach(t, adopted));
            }
        }
        return tasks.onComplete(v -> submit(new Resumed()));
    }

    private Future<Void> reattach(TaskExecution t, Set<String> adopted) {
        return services.containers().find(services.taskContainers().labels(t.key())).transform(found -> {
            submit(new LookedUp(t, found));
            if (found.failed() || found.result().isEmpty()) {
                return Future.succeededFuture();
            }
            String containerId = found.result().get(0);
            adopted.add(containerId);
            return remask(t).compose(v -> services.containers().adopt(t.key(), containerId));
        });
    }

    private boolean lookedUp(LookedUp l) {
        TaskExecution t = l.task();
        String id = t.key().taskId();
        if (l.containers().failed()) {
            completeWithoutContainer(id, TaskStatus.FAILED, new StatusReason(StatusReason.SCHEDULER_ERROR,
                    "could not look for this task's container after a restart: " + l.containers().cause().getMessage()));
        } else if (!l.containers().result().isEmpty()) {
            state.launched.add(id);
            state.containerIds.put(id, l.containers().result().get(0));
            TaskExecution current = t.state() == TaskState.PROCESSING ? t.moveTo(TaskState.WAITING) : t;
            update(current.state() == TaskState.WAITING ? current.running(now()) : current);
        } else if (t.state() == TaskState.RUNNING) {
            completeWithoutContainer(id, TaskStatus.FAILED, new StatusReason(StatusReason.ORPHANED,
                    "its container vanished while Gofer was down"));
        } else if (t.state() == TaskState.PROCESSING) {
            update(t.moveTo(TaskState.WAITING));
        }
        return true;
    }

    /** An adopted task's output keeps its secrets masked: the values are looked up again (they are never stored in clear). */
    private Future<Void> remask(TaskExecution t) {
        return services.resources().resolve(t).transform(r -> r.succeeded() && !r.result().secretValues().isEmpty()
                ? services.containers().maskInLogs(key(), r.result().secretValues())
                : Future.succeededFuture());
    }

    private long now() {
        return services.clock().getAsLong();
    }
}
