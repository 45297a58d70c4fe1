package dev.gofer.objects;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.InputStream;

/**
 * A blocking {@link InputStream} as a Vert.x {@link ReadStream}: one chunk is read at a time on a worker thread,
 * and only while there is demand, so a slow reader pauses the source instead of filling the heap. Handlers run
 * on the context that created the stream. Once nobody listens any more (the handler is removed, as a pipe does
 * when its destination fails) the source is closed at the next chunk, so an abandoned download does not hold
 * a connection open.
 */
final class BlockingReadStream implements ReadStream<Buffer> {
    /** Closes the source; {@code abort} = the rest will not be read (a connection need not be drained). */
    interface Source {
        InputStream in();

        void close(boolean abort);
    }

    private final Context context;
    private final WorkerExecutor workers;
    private final Source source;
    private final int chunkSize;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long demand = Long.MAX_VALUE;
    private boolean reading;
    private boolean done;

    BlockingReadStream(Context context, WorkerExecutor workers, Source source, int chunkSize) {
        this.context = context;
        this.workers = workers;
        this.source = source;
        this.chunkSize = chunkSize;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        boolean abandoned = handler == null && this.handler != null;
        this.handler = handler;
        if (abandoned && !reading && !done) {
            finish(true);
        }
        readMore();
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
        readMore();
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    private void readMore() {
        if (reading || done || demand == 0 || handler == null) {
            return;
        }
        reading = true;
        workers.<Buffer>executeBlocking(() -> {
            byte[] chunk = source.in().readNBytes(chunkSize);
            return chunk.length == 0 ? null : Buffer.buffer(chunk);
        }, true).onComplete(ar -> context.runOnContext(v -> delivered(ar.result(), ar.cause())));
    }

    private void delivered(Buffer chunk, Throwable failure) {
        reading = false;
        if (done) {
            return;
        }
        if (failure != null) {
            finish(true);
            if (exceptionHandler != null) {
                exceptionHandler.handle(failure);
            }
        } else if (chunk == null) {
            finish(false);
            if (endHandler != null) {
                endHandler.handle(null);
            }
        } else if (handler == null) {
            finish(true);
        } else {
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            handler.handle(chunk);
            readMore();
        }
    }

    private void finish(boolean abort) {
        done = true;
        workers.executeBlocking(() -> {
            source.close(abort);
            return null;
        }, false);
    }
}
