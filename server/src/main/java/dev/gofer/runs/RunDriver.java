package dev.gofer.runs;

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
import dev.gofer.runs.RunControls.AttemptEnd;
import dev.gofer.runs.RunInput.AttemptLogKept;
import dev.gofer.runs.RunInput.Cancel;
import dev.gofer.runs.RunInput.CancelTask;
import dev.gofer.runs.RunInput.ContainerStarted;
import dev.gofer.runs.RunInput.Exited;
import dev.gofer.runs.RunInput.LookedUp;
import dev.gofer.runs.RunInput.Resumed;
import dev.gofer.runs.RunInput.RetryDue;
import dev.gofer.runs.RunInput.RunTimedOut;
import dev.gofer.runs.RunInput.Start;
import dev.gofer.runs.RunInput.StartFailed;
import dev.gofer.runs.RunInput.TaskTimedOut;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Set;
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

    /** Where the driver is in its own life, apart from the run's state. */
    private enum Phase {
        /** After a restart, while the run's containers are looked for: the DAG must not act yet, a task whose container has not been looked for would look never started. */
        ATTACHING,
        DRIVING,
        /** The run's end is decided; late inputs change nothing. */
        ENDED
    }

    private final RunServices services;
    private final ActiveRun state;
    private final SerialInbox<RunInput> inbox = new SerialInbox<>(this::handle);
    private final Promise<Void> ended = Promise.promise();
    private final RunTimers timers;
    private Phase phase;

    private RunDriver(RunServices services, ActiveRun state, Phase phase) {
        this.services = services;
        this.state = state;
        this.phase = phase;
        this.timers = new RunTimers(services.timers(), this::submit);
    }

    /** A new run; give it {@link RunInput.Start}. */
    static RunDriver forNewRun(RunServices services, Run run, ConfigVersion config, List<TaskExecution> tasks) {
        return new RunDriver(services, new ActiveRun(run, config, tasks, services.metrics(), services.store()::update), Phase.DRIVING);
    }

    /** A run a previous process left unfinished; {@link #resume} looks for its containers. */
    static RunDriver forUnfinishedRun(RunServices services, Run run, ConfigVersion config, List<TaskExecution> tasks) {
        return new RunDriver(services, new ActiveRun(run, config, tasks, services.metrics(), services.store()::update), Phase.ATTACHING);
    }

    RunKey key() {
        return state.run.key();
    }

    /** The run's state; read only from the orchestrator's thread, never changed outside the driver. */
    ActiveRun state() {
        return state;
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
        } finally {
            state.flush(); // what this input changed, in one transaction
        }
    }

    /** Changes the run's state by one input; true when the DAG may decide something new. */
    private boolean apply(RunInput input) {
        if (input instanceof Start) {
            return begin();
        }
        if (input instanceof Cancel || input instanceof RunTimedOut) {
            return cancelRun(input instanceof RunTimedOut);
        }
        if (input instanceof CancelTask c) {
            return cancelTask(c);
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
        if (input instanceof TaskTimedOut d) {
            return taskTimedOut(d);
        }
        if (input instanceof RetryDue r) {
            return retryDue(r);
        }
        if (input instanceof AttemptLogKept k) {
            // else a cancel ended the wait meanwhile, or Gofer is stopping (the stored retry time holds for the next start)
            if (!services.shuttingDown().getAsBoolean() && state.backingOff.remove(k.taskId())) {
                launch(k.taskId());
            }
            return false;
        }
        if (!(input instanceof Resumed)) {
            throw new IllegalArgumentException("unknown input " + input);
        }
        LOG.info("run {} resumed after restart", key());
        phase = Phase.DRIVING;
        return true;
    }

    private boolean begin() {
        if (state.run.state() != RunState.RUNNING) { // the orchestrator stores an admitted run running, with its deadline
            Run running = state.moveRun(state.run.running(services.controls().runDeadline(state.config.config(), now())));
            state.store(new Store.Change.OfRun(running));
        }
        timers.runDeadline(state.run);
        for (TaskExecution t : List.copyOf(state.tasks.values())) {
            if (t.state() == TaskState.PROCESSING) { // reused tasks are complete; a run created running has them waiting
                update(t.moveTo(TaskState.WAITING));
            }
        }
        return true;
    }

    /** Asks the DAG what to do with the run as it is now, and does it. */
    private void evaluate() {
        Decisions d = Dag.next(state.snapshot());
        d.skip().forEach((id, why) -> completeWithoutContainer(id, TaskStatus.SKIPPED, why));
        for (String id : d.cancel()) {
            completeWithoutContainer(id, TaskStatus.CANCELLED, cancelReason("before this task started"));
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
            var limits = services.controls().resources(t);
            ContainerSpec spec = services.taskContainers().spec(t, resolved.result(), new ContainerSpec.Limits(limits.cpus(), limits.memoryBytes()));
            masked.compose(v -> services.containers().start(t.key(), spec))
                    .onSuccess(containerId -> submit(new ContainerStarted(id, containerId)))
                    .onFailure(e -> submit(new StartFailed(id, new StatusReason(StatusReason.SCHEDULER_ERROR, e.getMessage()))));
        });
    }

    /** Nothing for the DAG to decide: the task was counted as started when it was launched. */
    private boolean containerStarted(ContainerStarted s) {
        state.containerIds.put(s.taskId(), s.containerId());
        TaskExecution current = state.tasks.get(s.taskId());
        if (current.state() == TaskState.WAITING) {
            long now = now();
            TaskExecution running = current.running(now, services.controls().taskDeadline(current, now));
            update(running);
            timers.taskDeadline(running);
        }
        if (state.cancelRequested || state.cancelledTasks.contains(s.taskId())) {
            stopIfRunning(s.taskId());
        }
        return false;
    }

    private boolean containerExited(ContainerExited exited) {
        TaskKey key = exited.task();
        String id = key.taskId();
        TaskExecution t = state.tasks.get(id);
        if (t == null || t.state() == TaskState.COMPLETE) {
            return false;
        }
        timers.attemptEnded(id);
        boolean timedOut = state.timedOut.remove(id);
        String containerId = state.containerIds.get(id);
        TaskExecution done;
        if (state.stopping.contains(id)) {
            done = TaskCancellation.stopped(state, t, cancelReason("while this task ran"), exited.exitCode(), now());
        } else {
            AttemptEnd end = services.controls().ended(t, exited, timedOut, now());
            if (end instanceof AttemptEnd.Retry r) {
                done = t.retrying(r.reason(), r.exitCode(), now(), r.at());
                backOff(done);
            } else {
                AttemptEnd.Done d = (AttemptEnd.Done) end;
                done = t.complete(d.status(), d.reason(), d.exitCode(), now());
            }
        }
        // The container goes only once its task's end is stored: a crash in between finds it again at the
        // next start and collects its exit code, instead of running the task a second time.
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
        stop(key().task(id), containerId);
    }

    private void stop(TaskKey key, String containerId) {
        services.containers().stop(key, containerId, services.stopGrace())
                .onFailure(e -> LOG.warn("could not stop {}: {}", key.slug(), e.getMessage()));
    }

    private StatusReason cancelReason(String when) {
        return services.controls().cancelReason(state.runTimedOut, state.config.config(), when);
    }

    /** Cancellation never retries: tasks waiting for their next attempt end now (they have no container to stop). */
    private boolean cancelRun(boolean timedOut) {
        state.runTimedOut |= timedOut && !state.cancelRequested; // with reason timeout, unless someone had cancelled it already
        state.cancelRequested = true;
        for (String id : state.takeBackingOff()) {
            timers.retryDone(id);
            update(state.tasks.get(id).complete(TaskStatus.CANCELLED, cancelReason("while this task waited to retry"), null, now()));
        }
        return true;
    }

    private boolean cancelTask(CancelTask c) { // ends now without a container (waiting, or to retry), else once it stops
        StatusReason endsNow = TaskCancellation.apply(state, key(), c, this::stopIfRunning);
        if (endsNow != null) {
            timers.retryDone(c.taskId());
            completeWithoutContainer(c.taskId(), TaskStatus.CANCELLED, endsNow);
        }
        return endsNow != null;
    }

    /** Stops a task past its timeout; nothing for the DAG to decide until its container exits. */
    private boolean taskTimedOut(TaskTimedOut d) {
        String id = d.taskId();
        TaskExecution t = state.tasks.get(id);
        String containerId = state.containerIds.get(id);
        if (t == null || t.state() != TaskState.RUNNING || t.attempt() != d.attempt() || containerId == null
                || state.stopping.contains(id) || !state.timedOut.add(id)) {
            return false;
        }
        LOG.info("task {} ran past its timeout; stopping it", t.key().slug());
        stop(t.key(), containerId);
        return false;
    }

    /** The task waits for its next attempt; the DAG still counts it as started, so its dependants wait too. */
    private void backOff(TaskExecution waiting) {
        String id = waiting.key().taskId();
        state.containerIds.remove(id); // the next attempt gets a container of its own
        state.backingOff.add(id);
        timers.retry(waiting);
    }

    /** Keeps the last attempt's log apart, then starts the next attempt ({@link AttemptLogKept}). */
    private boolean retryDue(RetryDue r) {
        TaskExecution t = state.tasks.get(r.taskId());
        if (!state.backingOff.contains(r.taskId()) || t.attempt() != r.attempt()) {
            return false;
        }
        timers.retryDone(r.taskId());
        services.containers().archiveLog(t.key(), t.attempt() - 1)
                .onFailure(e -> LOG.warn("the log of attempt {} of {} could not be kept apart: {}", t.attempt() - 1, t.key().slug(), e.getMessage()))
                .onComplete(v -> submit(new AttemptLogKept(r.taskId(), r.attempt())));
        return false;
    }

    private Future<Void> update(TaskExecution next) {
        state.putTask(next);
        return state.store(new Store.Change.OfTask(next));
    }

    private void finish(Decisions.Outcome outcome) {
        phase = Phase.ENDED;
        timers.cancelAll();
        Decisions.Outcome result = services.controls().outcome(state.runTimedOut, state.config.config(), outcome);
        Run done = state.moveRun(state.run.complete(result.status(), result.reason(), now()));
        if (state.mayHoldApiToken()) { // the run's API token goes first: once anyone sees the run complete, it is refused
            state.write(() -> services.resources().runEnded(done.key()).recover(e -> {
                LOG.error("the API token of run {} could not be revoked (the next start revokes it): {}", done.key(), e.getMessage());
                return Future.succeededFuture();
            }));
        }
        state.store(new Store.Change.OfRun(done)) // with the task's end that decided it: one transaction
                .onFailure(e -> LOG.error("run {} finished but could not be stored", done.key(), e))
                .onComplete(v -> ended.complete());
        LOG.info("run {} {}", done.key(), done.status().wire());
    }

    // ---- after a restart -------------------------------------------------------------------------

    /** Looks for the containers of the run's tasks, then lets the DAG act again. Containers found are added to {@code adopted}. */
    Future<Void> resume(Set<String> adopted) {
        // only runs that were running are resumed: pending ones (never started) are queued again by the orchestrator
        timers.runDeadline(state.run); // one that passed while Gofer was down fires at once
        return TaskReattachment.all(services, key(), List.copyOf(state.tasks.values()), this::submit, adopted);
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
            if (current.state() == TaskState.WAITING) {
                current = current.running(now(), services.controls().taskDeadline(current, now()));
                update(current);
            }
            timers.taskDeadline(current); // one that passed while Gofer was down fires at once
        } else if (t.state() == TaskState.WAITING && t.retryAt() > 0) {
            state.launched.add(id); // its earlier attempt ran: the DAG counts it as started
            backOff(t);
        } else if (t.state() == TaskState.RUNNING) {
            completeWithoutContainer(id, TaskStatus.FAILED, new StatusReason(StatusReason.ORPHANED,
                    "its container vanished while Gofer was down"));
        } else if (t.state() == TaskState.PROCESSING) {
            update(t.moveTo(TaskState.WAITING));
        }
        return true;
    }

    private long now() {
        return services.clock().getAsLong();
    }
}
