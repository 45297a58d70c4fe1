package dev.gofer.objects;

import io.vertx.core.Future;
import java.util.List;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Function;

/**
 * Where object bytes live: {@link FilesystemBackend} or {@link S3Backend}. Locations are relative paths like
 * {@code pipeline/default/build/cache.tar}. An upload is staged and becomes visible under its location only at
 * {@link Upload#publish}, whole. Failures of the store itself are {@code GoferException}s of kind UNAVAILABLE (503).
 */
public interface ObjectBackend {
    interface Upload {
        WriteStream<Buffer> stream();

        /**
         * Called once the stream has all the bytes, before the index transaction: sends what is still buffered, so
         * that {@link #publish} (which runs inside that transaction) is quick.
         */
        default Future<Void> seal() {
            return Future.succeededFuture();
        }

        /** Makes the staged bytes durable and visible under the upload's location, replacing what was there, atomically. */
        Future<Void> publish();

        /** Drops the staged bytes (failed or refused upload). */
        Future<Void> discard();
    }

    record Download(ReadStream<Buffer> stream, long size) {
    }

    /** Starts an upload that {@link Upload#publish} will make visible under {@code location}. */
    Future<Upload> create(String location);

    /** Prepares the store at start (folders, or a check that the bucket answers). May fail; the server still starts. */
    Future<Void> prepare();

    /** Removes what interrupted uploads left behind; {@code indexed} tells whether a location has its index row. */
    default Future<Integer> sweep(Function<String, Future<Boolean>> indexed) {
        return Future.succeededFuture(0);
    }

    default void close() {
    }

    /** Fails with {@link java.nio.file.NoSuchFileException} when nothing is stored there. */
    Future<Download> open(String location);

    Future<Void> delete(String location);

    /** Deletes everything under the prefix (a run's objects once expired). */
    Future<Void> deleteAll(String prefix);

    /** {@link #deleteAll(String)} for each prefix, one after the other; fails at the first that fails. */
    default Future<Void> deleteEach(List<String> prefixes) {
        Future<Void> chain = Future.succeededFuture();
        for (String prefix : prefixes) {
            chain = chain.compose(v -> deleteAll(prefix));
        }
        return chain;
    }
}
