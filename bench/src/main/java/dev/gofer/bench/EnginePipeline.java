package dev.gofer.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.io.Closeable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor for many runs at once, shaped as the server calls the engine: create + start and remove on
 * {@link #CONTROL_THREADS} threads (SchedulerVerticle's control pool), the wait for the exit on up to
 * {@link #WAITERS} threads (its container followers). No setting caps how many runs Gofer starts at once (a pipeline's
 * {@code parallelism} and {@code max_concurrent_runs} default to 0, no cap); these two pools are what bound it.
 */
final class EnginePipeline implements Closeable {
    static final int CONTROL_THREADS = 16;
    static final int WAITERS = 256;

    private final DockerClient docker;
    private final ExecutorService control = Executors.newFixedThreadPool(CONTROL_THREADS);
    private final ExecutorService waiters = Executors.newFixedThreadPool(WAITERS);

    EnginePipeline(Floor floor) {
        this.docker = floor.docker();
    }

    /** One container round trip; completes with the System.nanoTime at which it was removed. */
    CompletableFuture<Long> roundTrip(String... command) {
        return CompletableFuture.supplyAsync(() -> {
            String id = docker.createContainerCmd(Floor.IMAGE).withCmd(command).withLabels(Floor.LABEL).exec().getId();
            docker.startContainerCmd(id).exec();
            return id;
        }, control).thenApplyAsync(id -> {
            Integer code = docker.waitContainerCmd(id).start().awaitStatusCode();
            if (code == null || code != 0) {
                throw new IllegalStateException("floor container " + String.join(" ", command) + " exited " + code);
            }
            return id;
        }, waiters).thenApplyAsync(id -> {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (ConflictException inProgress) {
                // "removal ... is already in progress": the client retried a remove the engine was slow to answer
            }
            return System.nanoTime();
        }, control);
    }

    @Override
    public void close() {
        control.shutdownNow();
        waiters.shutdownNow();
    }
}
