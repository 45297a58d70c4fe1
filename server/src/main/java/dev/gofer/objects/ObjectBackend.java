package dev.gofer.objects;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * Where object bytes live. Locations are relative paths like {@code pipeline/default/build/cache.tar}.
 * An upload is staged and becomes visible under its location only at {@link Upload#publish}, whole.
 */
public interface ObjectBackend {
    interface Upload {
        WriteStream<Buffer> stream();

        /** Makes the staged bytes durable and visible under {@code location}, replacing what was there, atomically. */
        Future<Void> publish(String location);

        /** Drops the staged bytes (failed or refused upload). */
        Future<Void> discard();
    }

    record Download(ReadStream<Buffer> stream, long size) {
    }

    Future<Upload> create();

    /** Fails with {@link java.nio.file.NoSuchFileException} when nothing is stored there. */
    Future<Download> open(String location);

    Future<Void> delete(String location);

    /** Deletes everything under the prefix (a run's objects once expired). */
    Future<Void> deleteAll(String prefix);
}
