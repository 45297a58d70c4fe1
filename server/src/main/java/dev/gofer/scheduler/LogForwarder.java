package dev.gofer.scheduler;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.LogChunk;
import dev.gofer.model.TaskKey;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * Passes a container's output (read from its start) to the log verticle, skipping what is already stored, with at
 * most {@link SchedulerVerticle#MAX_LOG_CHUNKS_IN_FLIGHT} chunks unstored: past that, reading waits (and so, through
 * the engine, does the container), so a task printing fast never queues up memory here. Read on a thread of its own
 * ({@link #accept}: the thread waits) or on the scheduler's I/O thread ({@link #offer}: the read pauses).
 */
final class LogForwarder implements Scheduler.LogSink, StreamingFollow.PacedLogSink {
    private static final CompletableFuture<Void> ROOM = CompletableFuture.completedFuture(null);
    private final Vertx vertx;
    private final TaskKey task;
    private final BooleanSupplier stopping;
    /** Bytes of output from its start that are stored or on their way. */
    private long skipUntil;
    /** Bytes of output from its start read in this pass. */
    private long seen;
    /** Chunks sent and not yet stored; guarded by this. */
    private int inFlight;
    /** Completed when a chunk is stored while reading waits; guarded by this. */
    private CompletableFuture<Void> room;

    LogForwarder(Vertx vertx, TaskKey task, long alreadyStored, BooleanSupplier stopping) {
        this.vertx = vertx;
        this.task = task;
        this.skipUntil = alreadyStored;
        this.stopping = stopping;
    }

    /** The next read starts again from the output's start. */
    void replay() {
        skipUntil = Math.max(skipUntil, seen);
        seen = 0;
    }

    @Override
    public void accept(boolean stderr, byte[] bytes) {
        offer(stderr, bytes).toCompletableFuture().join();
    }

    /** Sends the chunk on; the stage completes once fewer than the limit are unstored. */
    @Override
    public CompletionStage<Void> offer(boolean stderr, byte[] bytes) {
        long start = seen;
        seen += bytes.length;
        if (seen <= skipUntil || stopping.getAsBoolean()) {
            return ROOM;
        }
        int skip = (int) Math.max(0, skipUntil - start);
        byte[] rest = skip == 0 ? bytes : Arrays.copyOfRange(bytes, skip, bytes.length);
        skipUntil = seen;
        synchronized (this) {
            inFlight++;
        }
        // released when stored, or when the request failed or timed out
        vertx.eventBus().request(Bus.APPEND_LOG, new LogChunk(task, stderr, rest)).onComplete(stored -> stored());
        return roomForMore();
    }

    private synchronized CompletionStage<Void> roomForMore() {
        if (inFlight < SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT) {
            return ROOM;
        }
        if (room == null) {
            room = new CompletableFuture<>();
        }
        return room;
    }

    private void stored() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            inFlight--;
            if (room == null || inFlight >= SchedulerVerticle.MAX_LOG_CHUNKS_IN_FLIGHT) {
                return;
            }
            waiting = room;
            room = null;
        }
        waiting.complete(null);
    }
}
