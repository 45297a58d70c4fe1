package dev.gofer.runs;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.CancelRun;
import dev.gofer.bus.Bus.CancelTask;
import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.events.Actor;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import dev.gofer.model.GoferException;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;

/** {@link Runs} over the event bus; {@link OrchestratorVerticle} answers. */
final class BusRuns implements Runs {
    private final EventBus bus;

    BusRuns(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public Future<Run> start(StartRun request, Actor actor) {
        return bus.<Run>request(Bus.START_RUN, request, Actor.onBus(actor)).map(Message::body);
    }

    @Override
    public Future<Run> retry(RetryRun request, Actor actor) {
        return bus.<Run>request(Bus.RETRY_RUN, request, Actor.onBus(actor)).map(Message::body);
    }

    @Override
    public Future<Boolean> cancel(RunKey run, Actor actor) {
        return bus.<Boolean>request(Bus.CANCEL_RUN, new CancelRun(run), Actor.onBus(actor)).map(Message::body);
    }

    @Override
    public Future<Void> ended(RunKey run, Duration bound) {
        return bus.request(Bus.RUN_ENDED, new Bus.RunEnded(run), new DeliveryOptions().setSendTimeout(bound.toMillis()))
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(e instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT
                        ? new GoferException(GoferException.Kind.UNAVAILABLE, "run " + run.runId() + " of pipeline '" + run.pipelineId()
                                + "' did not complete within " + bound.toSeconds() + " s")
                        : e));
    }

    @Override
    public Future<Long> cancelTask(TaskKey task, Actor actor) {
        return bus.<Long>request(Bus.CANCEL_TASK, new CancelTask(task), Actor.onBus(actor)).map(Message::body);
    }

    @Override
    public Future<String> runningContainer(TaskKey task) {
        return bus.<String>request(Bus.CONTAINER_OF_TASK, new Bus.ContainerOfTask(task)).map(Message::body);
    }
}
