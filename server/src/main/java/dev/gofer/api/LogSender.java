package dev.gofer.api;

import dev.gofer.logs.LogStore;
import dev.gofer.logs.NdjsonLogReader;
import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends bytes {@code [from, to)} of a stored task log to a response, as plain text or as ndjson records, in
 * bounded memory: the file is read a chunk at a time (off the event loop) and the next chunk is read only when
 * the client has taken the last one (the response's write queue is not full).
 */
final class LogSender {
    private final Vertx vertx;
    private final LogStore logs;

    LogSender(Vertx vertx, LogStore logs) {
        this.vertx = vertx;
        this.logs = logs;
    }

    /** Completes once sent, or at once when the client is gone ({@code gone} completes when it hangs up). */
    Future<Void> send(HttpServerResponse out, Future<Void> gone, TaskKey key, long from, long to, boolean ndjson) {
        if (to <= from) {
            return Future.succeededFuture();
        }
        if (!ndjson) {
            return vertx.fileSystem().open(logs.file(key).toString(), new OpenOptions().setRead(true).setWrite(false))
                    .compose(file -> {
                        file.setReadPos(from).setReadLength(to - from);
                        return file.pipe().endOnComplete(false).to(out).eventually(file::close);
                    });
        }
        return vertx.executeBlocking(() -> NdjsonLogReader.open(logs, key, from, to))
                .compose(reader -> pump(out, gone, reader).eventually(() -> vertx.executeBlocking(() -> {
                    reader.close();
                    return null;
                })));
    }

    private Future<Void> pump(HttpServerResponse out, Future<Void> gone, NdjsonLogReader reader) {
        return vertx.executeBlocking(reader::next).compose(records -> {
            if (records == null || gone.isComplete()) {
                return Future.succeededFuture();
            }
            out.write(Buffer.buffer(records));
            if (!out.writeQueueFull()) {
                return pump(out, gone, reader);
            }
            Promise<Void> drained = Promise.promise();
            out.drainHandler(v -> drained.tryComplete());
            gone.onComplete(v -> drained.tryComplete());
            return drained.future().compose(v -> {
                out.drainHandler(null);
                return pump(out, gone, reader);
            });
        });
    }
}
