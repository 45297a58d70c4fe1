package dev.gofer.scheduler;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.bus.Bus.StopContainer;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers for the orchestrator. Each started container is followed on its own worker
 * thread (its log stream blocks until it exits), then its logs are closed, its exit reported and
 * the container removed: in that order, so a task is never complete before its logs are.
 */
public final class SchedulerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
    /** One thread per running container; tasks beyond this queue for a thread. */
    private static final int MAX_FOLLOWED_CONTAINERS = 256;

    private final Scheduler scheduler;
    private WorkerExecutor workers;
    /** Once stopping, containers are left for the next start to clean up (by their labels). */
    private volatile boolean stopping;

    public SchedulerVerticle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Future<?> start() {
        workers = vertx.createSharedWorkerExecutor("gofer-containers", MAX_FOLLOWED_CONTAINERS, 365, TimeUnit.DAYS);
        vertx.eventBus().<StartContainer>consumer(Bus.START_CONTAINER, this::onStart);
        vertx.eventBus().<StopContainer>consumer(Bus.STOP_CONTAINER, this::onStop);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        return workers.close();
    }

    private void onStart(Message<StartContainer> msg) {
        StartContainer req = msg.body();
        blocking(() -> scheduler.start(req.spec())).onComplete(started -> {
            if (started.failed()) {
                msg.fail(500, started.cause().getMessage());
                return;
            }
            msg.reply(started.result());
            follow(req.task(), started.result());
        });
    }

    private void follow(TaskKey task, String containerId) {
        blocking(() -> {
            scheduler.streamLogs(containerId, (stderr, bytes) ->
                    vertx.eventBus().send(Bus.APPEND_LOG, new LogChunk(task, stderr, bytes)));
            return scheduler.waitForExit(containerId);
        }).transform(exit -> vertx.eventBus().request(Bus.CLOSE_LOG, task).transform(closed -> Future.succeededFuture(
                exit.succeeded()
                        ? new ContainerExited(task, exit.result(), null)
                        : new ContainerExited(task, null, exit.cause().getMessage()))))
          .onSuccess(exited -> vertx.eventBus().send(Bus.CONTAINER_EXITED, exited))
          .onComplete(done -> {
              if (stopping) {
                  return;
              }
              blocking(() -> {
              scheduler.remove(containerId);
              return null;
              }).onFailure(e -> LOG.warn("container {} of {} was not removed: {}", containerId, task.slug(), e.getMessage()));
          });
    }

    private void onStop(Message<StopContainer> msg) {
        StopContainer req = msg.body();
        blocking(() -> {
            scheduler.stop(req.containerId(), req.grace());
            return null;
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                msg.reply(null);
            } else {
                msg.fail(500, ar.cause().getMessage());
            }
        });
    }

    private interface Blocking<T> {
        T call() throws Exception;
    }

    private <T> Future<T> blocking(Blocking<T> work) {
        return workers.executeBlocking(work::call, false);
    }
}
