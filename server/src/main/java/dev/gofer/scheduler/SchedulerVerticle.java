package dev.gofer.scheduler;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.AdoptContainer;
import dev.gofer.bus.Bus.ContainerExited;
import dev.gofer.bus.Bus.EngineQuery;
import dev.gofer.bus.Bus.ExecInContainer;
import dev.gofer.bus.Bus.ExtensionContainerExited;
import dev.gofer.bus.Bus.StartExtensionContainer;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.StartContainer;
import dev.gofer.bus.Bus.StopContainer;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers for the orchestrator (tasks) and the extension supervisor (extensions), and answers what they ask
 * of the engine ({@link Bus#ENGINE}). Each started container is followed until it exits (without a thread when the
 * scheduler offers {@link StreamingFollow}, else on a thread of its own blocked on its log stream), then its logs are
 * closed, its exit reported and the container removed: in that order, so a task is never complete before its logs are.
 */
public final class SchedulerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
    /**
     * When a scheduler has no {@link StreamingFollow}, one thread per running container, with no bound: a container
     * waiting for a follower would have its exit seen only once another container ended (a task after 256 long ones
     * stalled its run until one of them ended).
     */
    private static final int EVERY_CONTAINER = Integer.MAX_VALUE;
    /** Threads for control calls (start, adopt, find, remove): never shared with followers, so never behind them. */
    private static final int CONTROL_THREADS = 16;
    /**
     * Stops, at most this many at once. A stop holds its thread for up to the grace period (the engine answers once
     * the container is gone), so on the control pool 50 stops took four grace periods: cancelling a run of 50 tasks
     * must end every container within one. Fewer at once does not spare Docker 20.10 its network-teardown deadlock
     * when ~1,000 containers end (moby/moby#46661): it deadlocked at 64 as it did at 256 (bench/PROFILE.md).
     */
    private static final int MAX_STOPS_AT_ONCE = 256;
    /**
     * Output chunks of one container on their way to the log verticle. Past it, reading the container's output
     * waits (and so, through Docker, does the container), so a task printing fast never queues up memory here.
     */
    static final int MAX_LOG_CHUNKS_IN_FLIGHT = 16;

    private final Scheduler scheduler;
    /** A follower thread idle this long ends, so a burst of containers leaves no parked threads behind. */
    private static final Duration FOLLOWER_IDLE = Duration.ofSeconds(10);
    /** Followers hold a thread until their container exits; control calls must not wait behind them. */
    private ElasticWorkers followers;
    private WorkerExecutor control;
    private ElasticWorkers stops;
    /**
     * Once stopping, containers are left running and their logs open: the next start adopts them. A log
     * stream cut by the shutdown must not be mistaken for the container's end.
     */
    private volatile boolean stopping;

    public SchedulerVerticle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Future<?> start() {
        followers = new ElasticWorkers("gofer-container-follower", EVERY_CONTAINER, FOLLOWER_IDLE);
        control = vertx.createSharedWorkerExecutor("gofer-container-control", CONTROL_THREADS, 30, TimeUnit.MINUTES);
        stops = new ElasticWorkers("gofer-container-stop", MAX_STOPS_AT_ONCE, FOLLOWER_IDLE);
        var bus = vertx.eventBus();
        bus.<StartContainer>consumer(Bus.START_CONTAINER, this::onStart);
        bus.<AdoptContainer>consumer(Bus.ADOPT_CONTAINER, msg -> {
            AdoptContainer req = msg.body();
            bus.<LogStatus>request(Bus.LOG_STATUS, req.task()).onComplete(status -> {
                if (status.failed()) {
                    msg.fail(500, status.cause().getMessage());
                    return;
                }
                blocking(() -> {
                    scheduler.adopt(req.containerId());
                    return null;
                }).onComplete(adopted -> {
                    msg.reply(null);
                    follow(req.task(), req.containerId(), status.result().body().sourceBytes());
                });
            });
        });
        bus.<StopContainer>consumer(Bus.STOP_CONTAINER, msg -> replyWhenDone(msg, on(stops, () -> {
            scheduler.stop(msg.body().containerId(), msg.body().grace());
            return null;
        })));
        bus.<Map<String, String>>consumer(Bus.FIND_CONTAINERS, msg ->
                replyWhenDone(msg, blocking(() -> scheduler.findByLabels(msg.body()))));
        bus.<String>consumer(Bus.REMOVE_CONTAINER, msg -> replyWhenDone(msg, blocking(() -> {
            scheduler.remove(msg.body());
            return null;
        })));
        bus.<StartExtensionContainer>consumer(Bus.START_EXTENSION_CONTAINER, this::onStartExtension);
        bus.<String>consumer(Bus.CONTAINER_ADDRESS, msg ->
                replyWhenDone(msg, blocking(() -> scheduler.address(msg.body()).orElse(null))));
        // an attached command holds a thread for as long as it runs, as a container followed on a thread does
        bus.<ExecInContainer>consumer(Bus.EXEC_IN_CONTAINER, msg -> replyWhenDone(msg, onFollowerThread(() ->
                scheduler.exec(msg.body().containerId(), msg.body().command(), msg.body().session()))));
        bus.<EngineQuery>consumer(Bus.ENGINE, msg -> replyWhenDone(msg, blocking(() -> answer(msg.body()))));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        followers.shutdown(); // followers still reading end when the Docker client closes
        stops.shutdown();
        return control.close();
    }

    private void onStart(Message<StartContainer> msg) {
        StartContainer req = msg.body();
        blocking(() -> scheduler.start(req.spec())).onComplete(started -> {
            if (started.failed()) {
                msg.fail(500, started.cause().getMessage());
                return;
            }
            msg.reply(started.result());
            follow(req.task(), started.result(), 0);
        });
    }

    /** An extension's container: its output goes to a file of its own until it exits; the supervisor hears of the exit. */
    private void onStartExtension(Message<StartExtensionContainer> msg) {
        StartExtensionContainer req = msg.body();
        blocking(() -> scheduler.start(req.spec())).onComplete(started -> {
            if (started.failed()) {
                msg.fail(500, started.cause().getMessage());
                return;
            }
            String containerId = started.result();
            msg.reply(containerId);
            this.<Integer>onFollowerThread(() -> OutputFile.follow(scheduler, containerId, req.logFile()))
                    .onComplete(exit -> {
                        if (!stopping) {
                            vertx.eventBus().send(Bus.EXTENSION_CONTAINER_EXITED, exit.succeeded()
                                    ? new ExtensionContainerExited(containerId, exit.result(), null)
                                    : new ExtensionContainerExited(containerId, null, exit.cause().getMessage()));
                        }
                    });
        });
    }

    /**
     * Streams the container's output into its log until it exits, then reports. {@code alreadyStored}
     * bytes of output are skipped: an adopted container's log replays from its start.
     */
    private void follow(TaskKey task, String containerId, long alreadyStored) {
        LogForwarder forwarder = new LogForwarder(vertx, task, alreadyStored, () -> stopping);
        scheduler.streamingFollow()
                .map(streaming -> followStreaming(streaming, task, containerId, forwarder))
                .orElseGet(() -> followOnThread(task, containerId, forwarder))
                .onComplete(exit -> {
                    if (stopping) {
                        return; // the stream was cut by our own shutdown, not by the container's end
                    }
                    ContainerExited exited = exit.succeeded() ? exit.result() : new ContainerExited(task, null, exit.cause().getMessage());
                    // the orchestrator removes the container once it has stored the task's end
                    vertx.eventBus().request(Bus.CLOSE_LOG, task)
                            .onComplete(closed -> vertx.eventBus().send(Bus.CONTAINER_EXITED, exited));
                });
    }

    /** The container followed on a thread of its own, blocked on its log stream until it exits. */
    private Future<ContainerExited> followOnThread(TaskKey task, String containerId, LogForwarder forwarder) {
        return this.onFollowerThread(() -> {
            int exitCode;
            // the wait runs beside the log stream: when the stream ends, the exit code is (nearly) there
            try (Scheduler.ExitWatch exit = scheduler.watchExit(containerId)) {
                scheduler.streamLogs(containerId, forwarder);
                exitCode = exit.exitCode();
            }
            boolean oomKilled = exitCode != 0 && scheduler.oomKilled(containerId);
            if (!stopping) {
                // Docker can end a followed log stream before its end when the container exits while the reader is
                // behind (seen with a task printing 30 MB and exiting at once). An exited container's log replays
                // whole and ends: read it again, passing on only what the first read did not get.
                forwarder.replay();
                scheduler.streamLogs(containerId, forwarder);
            }
            return new ContainerExited(task, exitCode, null, oomKilled);
        });
    }

    /** The same steps as {@link #followOnThread}, without a thread: the scheduler reads the streams as they arrive. */
    private Future<ContainerExited> followStreaming(StreamingFollow streaming, TaskKey task, String containerId, LogForwarder forwarder) {
        CompletableFuture<Integer> exit = streaming.exitCode(containerId);
        CompletableFuture<Integer> code = streaming.logs(containerId, forwarder).thenCompose(logsEnded -> exit);
        code.whenComplete((c, e) -> exit.cancel(false)); // a failed log stream gives up the wait
        return fromStage(code).compose(exitCode -> (exitCode != 0 ? blocking(() -> scheduler.oomKilled(containerId))
                : Future.succeededFuture(false)).compose(oomKilled -> {
                    ContainerExited exited = new ContainerExited(task, exitCode, null, oomKilled);
                    if (stopping) {
                        return Future.succeededFuture(exited);
                    }
                    forwarder.replay(); // why: see followOnThread
                    return fromStage(streaming.logs(containerId, forwarder)).map(exited);
                }));
    }

    /** A scheduler's future on this verticle's context, failed with its own exception rather than a wrapper. */
    private <T> Future<T> fromStage(CompletableFuture<T> stage) {
        return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
    }

    private Object answer(EngineQuery query) {
        if (query instanceof EngineQuery.HostForContainers h) {
            return scheduler.hostForContainers(h.configured());
        }
        if (query instanceof EngineQuery.ImageAvailable i) {
            return scheduler.imageAvailable(i.image());
        }
        if (query instanceof EngineQuery.OwnImage) {
            return scheduler.ownImage().orElse(null);
        }
        return scheduler.problem().orElse(null);
    }

    private static void replyWhenDone(Message<?> msg, Future<?> work) {
        work.onSuccess(msg::reply).onFailure(e -> msg.fail(500, e.getMessage()));
    }

    private interface Blocking<T> {
        T call() throws Exception;
    }

    /** Blocking work on a follower thread; the result comes back on this verticle's context. */
    private <T> Future<T> onFollowerThread(Blocking<T> work) {
        return on(followers, work);
    }

    /** Blocking work on one of {@code pool}'s threads; the result comes back on this verticle's context. */
    private <T> Future<T> on(ElasticWorkers pool, Blocking<T> work) {
        Promise<T> result = Promise.promise();
        pool.execute(() -> {
            try {
                T value = work.call();
                context.runOnContext(v -> result.complete(value));
            } catch (Exception | Error e) {
                context.runOnContext(v -> result.fail(e));
            }
        });
        return result.future();
    }

    /** A control call, on the control pool. */
    private <T> Future<T> blocking(Blocking<T> work) {
        return control.executeBlocking(work::call, false);
    }
}
