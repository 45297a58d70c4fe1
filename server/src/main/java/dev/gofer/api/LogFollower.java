package dev.gofer.api;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.LogEvent;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.LogUpdate;
import dev.gofer.logs.LogRecords;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code follow=true}: registers for live updates first, then asks the log verticle how much is on disk. The
 * verticle answers in order with its appends, so: send the file up to that size, then every update past it.
 * Memory stays bounded however fast the task prints and however slow the client reads: updates that arrive while
 * the file is being sent are kept only up to {@link #MAX_PENDING_BYTES}, and when the client falls behind (its write
 * queue is full) live updates are dropped; in both cases the follower catches up from the file again.
 */
final class LogFollower {
    static final int MAX_PENDING_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final LogSender sender;
    private final RoutingContext ctx;
    private final TaskKey key;
    private final HttpServerResponse response;
    private final Future<Void> gone;
    private final boolean ndjson;
    private final Deque<LogEvent> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Updates were dropped since the last catch-up began: they must be read from the file. */
    private boolean behind;
    private MessageConsumer<LogEvent> updates;
    private boolean live;
    /** Bytes of the log sent so far. */
    private long sent;

    LogFollower(Vertx vertx, LogSender sender, RoutingContext ctx, Future<Void> gone, TaskKey key, boolean ndjson) {
        this.vertx = vertx;
        this.sender = sender;
        this.ctx = ctx;
        this.gone = gone;
        this.key = key;
        this.ndjson = ndjson;
        this.response = ctx.response();
    }

    void begin() {
        response.setChunked(true);
        updates = vertx.eventBus().consumer(Bus.logUpdates(key), msg -> onEvent(msg.body()));
        gone.onComplete(v -> updates.unregister());
        updates.completion().onSuccess(v -> catchUp()).onFailure(this::fail);
    }

    /** Sends what is on disk past what was sent, then goes live (or catches up again if it fell behind meanwhile). */
    private void catchUp() {
        live = false;
        behind = false;
        pending.clear();
        pendingBytes = 0;
        vertx.eventBus().<LogStatus>request(Bus.LOG_STATUS, key)
                .compose(status -> sender.send(response, gone, key, sent, status.body().size(), ndjson).map(v -> {
                    sent = Math.max(sent, status.body().size());
                    return status.body();
                }))
                .onSuccess(status -> {
                    if (gone.isComplete()) {
                        return;
                    }
                    if (status.complete()) {
                        finish();
                    } else if (behind) {
                        catchUp();
                    } else {
                        live = true;
                        while (!pending.isEmpty() && live) {
                            deliver(pending.poll());
                        }
                    }
                })
                .onFailure(this::fail);
    }

    private void onEvent(LogEvent event) {
        if (live) {
            deliver(event);
            return;
        }
        if (behind) {
            return;
        }
        long size = event instanceof LogUpdate u ? u.bytes().length : 0;
        if (pendingBytes + size > MAX_PENDING_BYTES) {
            fallBehind();
            return;
        }
        pending.add(event);
        pendingBytes += size;
    }

    private void fallBehind() {
        behind = true;
        pending.clear();
        pendingBytes = 0;
    }

    private void deliver(LogEvent event) {
        if (!(event instanceof LogUpdate update)) {
            finish();
            return;
        }
        long end = update.offset() + update.bytes().length;
        if (end <= sent) {
            return; // already sent from the file
        }
        if (response.writeQueueFull()) {
            // the client reads slower than the task prints: drop updates, read on from the file once it drains
            live = false;
            fallBehind();
            response.drainHandler(v -> {
                response.drainHandler(null);
                catchUp();
            });
            return;
        }
        int skip = (int) Math.max(0, sent - update.offset());
        response.write(ndjson ? Buffer.buffer(LogRecords.record(update.stderr(), update.bytes(), skip, update.bytes().length))
                : Buffer.buffer(update.bytes()).slice(skip, update.bytes().length));
        sent = end;
    }

    private void finish() {
        live = false;
        updates.unregister();
        if (!response.ended()) {
            response.end();
        }
    }

    private void fail(Throwable e) {
        live = false;
        updates.unregister();
        LogRoutes.failAfterHeaders(ctx, e);
    }
}
