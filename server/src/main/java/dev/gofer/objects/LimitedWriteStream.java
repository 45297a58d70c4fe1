package dev.gofer.objects;

import dev.gofer.model.GoferException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** Passes bytes through until more than {@code limit} arrive, then fails the write (and so the pipe): 413. */
final class LimitedWriteStream implements WriteStream<Buffer> {
    private final WriteStream<Buffer> delegate;
    private final long limit;
    private long written;

    LimitedWriteStream(WriteStream<Buffer> delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    long written() {
        return written;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        written += data.length();
        if (written > limit) {
            return Future.failedFuture(tooLarge(limit));
        }
        return delegate.write(data);
    }

    static GoferException tooLarge(long limit) {
        return new GoferException(GoferException.Kind.TOO_LARGE, "object is larger than the limit of " + limit
                + " bytes (server setting object_size_limit)");
    }

    @Override
    public Future<Void> end() {
        // the upload owns the file; ending it is the upload's publish or discard
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        delegate.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return delegate.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        delegate.drainHandler(handler);
        return this;
    }
}
