package dev.gofer.scheduler;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ExecInContainer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;

/**
 * Runs a command in a running container (attach): the typed face of {@code Bus.EXEC_IN_CONTAINER}, which
 * {@link SchedulerVerticle} answers on a thread of its own, so no event loop waits for the command.
 */
public interface ContainerExec {
    /** Completes with the command's exit code (-1 when unknown) once it ended; fails when it could not run. */
    Future<Integer> exec(String containerId, List<String> command, ExecSession session);

    static ContainerExec onBus(EventBus bus) {
        // an attached shell may stay open for hours: no reply timeout
        DeliveryOptions unbounded = new DeliveryOptions().setSendTimeout(Long.MAX_VALUE / 2);
        return (containerId, command, session) -> bus.<Integer>request(Bus.EXEC_IN_CONTAINER,
                new ExecInContainer(containerId, command, session), unbounded).map(Message::body);
    }
}
