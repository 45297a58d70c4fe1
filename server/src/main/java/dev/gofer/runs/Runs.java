package dev.gofer.runs;

import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.events.Actor;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;

/**
 * What the API and the extensions ask of the orchestrator: the typed face of {@code Bus.START_RUN} and
 * {@code Bus.CANCEL_RUN}, as {@link Containers} is the orchestrator's face of the scheduler. Who asked (the
 * {@link Actor}) travels with each request, so the events of the change name them.
 */
public interface Runs {
    /** Starts a run of the pipeline's deployed config; completes with the run once it is stored. */
    Future<Run> start(StartRun request, Actor actor);

    /** Re-runs a complete run from where it failed; completes with the new run once it is stored. */
    Future<Run> retry(RetryRun request, Actor actor);

    /** Asks the run to stop; completes with false when it was already complete. */
    Future<Boolean> cancel(RunKey run, Actor actor);

    /**
     * Completes once the run is complete (at once when it is, or is gone). Fails UNAVAILABLE naming the run when it has
     * not ended within {@code bound}, or when no driver runs it yet (pending in the queue, being resumed after a restart).
     */
    Future<Void> ended(RunKey run, Duration bound);

    /**
     * Cancels one task of a running run; completes with the seconds its container (if running) gets between
     * SIGTERM and SIGKILL. Fails not found (no such task) or conflict (already complete; run still pending).
     */
    Future<Long> cancelTask(TaskKey task, Actor actor);

    /** The id of the container running the task now (to attach to); fails not found, or conflict when it is not running. */
    Future<String> runningContainer(TaskKey task);

    default Future<Long> cancelTask(TaskKey task) {
        return cancelTask(task, Actor.current());
    }

    default Future<Run> start(StartRun request) {
        return start(request, Actor.current());
    }

    default Future<Boolean> cancel(RunKey run) {
        return cancel(run, Actor.current());
    }

    static Runs onBus(EventBus bus) {
        return new BusRuns(bus);
    }
}
