package dev.gofer.scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Following containers without a thread each: the engine's answers are read as they arrive, on the scheduler's own
 * I/O thread. A scheduler offers it through {@link Scheduler#streamingFollow}; without it, each followed container
 * holds a thread for as long as it runs ({@link Scheduler#streamLogs}, {@link Scheduler#watchExit}), and every
 * young collection scans every thread's stack (bench/PROFILE.md, "Nineteenth session").
 */
public interface StreamingFollow {
    /** The container's exit code once it exits; cancelling the future gives up waiting. */
    CompletableFuture<Integer> exitCode(String containerId);

    /**
     * Passes the container's output to {@code sink} from its start until it exits (an exited container's to its end),
     * then completes. Cancelling the future stops reading.
     */
    CompletableFuture<Void> logs(String containerId, PacedLogSink sink);

    /** Receives a container's output on the I/O thread, so it never blocks: reading waits for the stage it returns. */
    @FunctionalInterface
    interface PacedLogSink {
        CompletionStage<Void> offer(boolean stderr, byte[] bytes);
    }
}
