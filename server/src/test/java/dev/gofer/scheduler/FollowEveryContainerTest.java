package dev.gofer.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every running container is followed at once, however many run: a container's exit is seen when it happens, not
 * once some other container has ended. (With followers capped at 256, a one-second task started after 256 long ones
 * had its exit seen only when one of those ended: its run stalled for as long.)
 */
class FollowEveryContainerTest {
    /** More than the old cap of 256. */
    private static final int LONG_RUNNING = 300;
    private final Vertx vertx = Vertx.vertx();
    private final CountDownLatch longOnesEnd = new CountDownLatch(1);
    private final CountDownLatch longOnesSeenEnded = new CountDownLatch(LONG_RUNNING);

    /** Ends the long containers and waits for their exits to be reported, so no follower outlives Vert.x. */
    @AfterEach
    void close() throws Exception {
        longOnesEnd.countDown();
        longOnesSeenEnded.await(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aContainerThatEndsIsSeenWhileHundredsOfOthersStillRun() throws Exception {
        Bus.registerCodecs(vertx);
        TaskKey quick = new TaskKey("default", "p", 1, "quick");
        Promise<ContainerExited> quickExited = Promise.promise();
        vertx.eventBus().<ContainerExited>consumer(Bus.CONTAINER_EXITED, msg -> {
            if (msg.body().task().equals(quick)) {
                quickExited.tryComplete(msg.body());
            } else {
                longOnesSeenEnded.countDown();
            }
        });
        vertx.eventBus().consumer(Bus.CLOSE_LOG, msg -> msg.reply(null));
        vertx.deployVerticle(new SchedulerVerticle(new Containers())).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < LONG_RUNNING; i++) {
            started.add(start(new TaskKey("default", "p", 1, "long" + i), "long-" + i));
        }
        Future.all(started).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        start(quick, "quick").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        ContainerExited exited = quickExited.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(0, exited.exitCode(), "the quick container's exit, seen while " + LONG_RUNNING + " others run");
    }

    private Future<?> start(TaskKey task, String name) {
        return vertx.eventBus().request(Bus.START_CONTAINER, new StartContainer(task, new ContainerSpec(name,
                "busybox:latest", null, false, null, List.of("true"), Map.of(), Map.of())));
    }

    /** Containers named {@code long-*} run until the test ends; the others exit 0 at once. Their id is their name. */
    private final class Containers extends StubScheduler {
        @Override
        public void streamLogs(String containerId, LogSink sink) {
            if (containerId.startsWith("long-")) {
                try {
                    longOnesEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
