package dev.gofer.api;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.LogEvent;
import dev.gofer.bus.Bus.LogStatus;
import dev.gofer.bus.Bus.LogUpdate;
import dev.gofer.logs.LogRecords;
import dev.gofer.logs.LogStore;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskKey;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code GET .../tasks/:task_id/logs}: the task's output as plain text. With {@code follow=true} the
 * response stays open and carries new output as the container prints it, until the task ends. With
 * {@code format=ndjson} (our extension) each line of the response is {@code {"stream","text"}}, so a
 * reader can tell stdout from stderr.
 */
final class LogRoutes {
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private final Vertx vertx;
    private final Store store;
    private final LogStore logs;
    private final RunRoutes runs;

    LogRoutes(Vertx vertx, Store store, LogStore logs, RunRoutes runs) {
        this.vertx = vertx;
        this.store = store;
        this.logs = logs;
        this.runs = runs;
    }

    void mount(ApiRouter router) {
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id/tasks/:task_id/logs").handler(ctx -> {
            boolean follow = Params.flag(ctx, "follow");
            String format = ctx.queryParams().get("format");
            if (format != null && !format.isEmpty() && !format.equals("text") && !format.equals("ndjson")) {
                throw GoferException.invalid("format: must be text (the default) or ndjson, got '" + format + "'");
            }
            boolean ndjson = "ndjson".equals(format);
            runs.taskKey(ctx)
                    .compose(key -> store.task(key).compose(t -> PipelineRoutes.found(t, RunRoutes.noTask(ctx))).map(key))
                    .onSuccess(key -> {
                        ctx.response().putHeader("content-type", ndjson ? NDJSON : "text/plain; charset=utf-8");
                        if (follow) {
                            new Follower(ctx, key, ndjson).begin();
                            return;
                        }
                        if (ndjson) {
                            records(key, Long.MAX_VALUE).onSuccess(ctx.response()::end).onFailure(ctx::fail);
                            return;
                        }
                        String file = logs.file(key).toString();
                        vertx.fileSystem().exists(file)
                                .compose(exists -> exists ? ctx.response().sendFile(file) : ctx.response().end())
                                .onFailure(ctx::fail);
                    }).onFailure(ctx::fail);
        });
    }

    /** The log's first {@code size} bytes as ndjson records (file work, so off the event loop). */
    private Future<String> records(TaskKey key, long size) {
        return vertx.executeBlocking(() -> {
            Path file = logs.file(key);
            byte[] bytes = Files.exists(file) ? LogRecords.prefix(Files.readAllBytes(file), size) : new byte[0];
            return LogRecords.ndjson(bytes, logs.stderrRanges(key));
        });
    }

    /**
     * Registers for live updates first, then asks the log verticle how much is on disk. The verticle
     * answers in order with its appends, so: send the file up to that size, then every update past it.
     */
    private final class Follower {
        private final RoutingContext ctx;
        private final TaskKey key;
        private final HttpServerResponse response;
        private final boolean ndjson;
        private final Deque<LogEvent> pending = new ArrayDeque<>();
        private MessageConsumer<LogEvent> updates;
        private boolean live;
        private long sent;

        Follower(RoutingContext ctx, TaskKey key, boolean ndjson) {
            this.ctx = ctx;
            this.key = key;
            this.ndjson = ndjson;
            this.response = ctx.response();
        }

        void begin() {
            response.setChunked(true);
            updates = vertx.eventBus().consumer(Bus.logUpdates(key), msg -> {
                if (live) {
                    deliver(msg.body());
                } else {
                    pending.add(msg.body());
                }
            });
            response.closeHandler(v -> updates.unregister());
            updates.completion()
                    .compose(v -> vertx.eventBus().<LogStatus>request(Bus.LOG_STATUS, key))
                    .compose(status -> sendFile(status.body().size()).map(status.body()))
                    .onSuccess(status -> {
                        if (status.complete()) {
                            finish();
                            return;
                        }
                        live = true;
                        while (!pending.isEmpty() && live) {
                            deliver(pending.poll());
                        }
                    })
                    .onFailure(e -> {
                        updates.unregister();
                        ctx.fail(e);
                    });
        }

        private Future<Void> sendFile(long size) {
            if (size == 0) {
                return Future.succeededFuture();
            }
            if (ndjson) {
                sent = size;
                return records(key, size).compose(response::write);
            }
            return vertx.fileSystem().open(logs.file(key).toString(), new OpenOptions().setRead(true).setWrite(false))
                    .compose(file -> {
                        file.setReadLength(size);
                        sent = size;
                        return file.pipe().endOnComplete(false).to(response).eventually(file::close);
                    });
        }

        private void deliver(LogEvent event) {
            if (event instanceof LogUpdate update) {
                long end = update.offset() + update.bytes().length;
                if (end <= sent) {
                    return; // already sent from the file
                }
                int skip = (int) Math.max(0, sent - update.offset());
                response.write(ndjson ? Buffer.buffer(LogRecords.record(update.stderr(), update.bytes(), skip, update.bytes().length))
                        : Buffer.buffer(update.bytes()).slice(skip, update.bytes().length));
                sent = end;
            } else {
                finish();
            }
        }

        private void finish() {
            live = false;
            updates.unregister();
            if (!response.ended()) {
                response.end();
            }
        }
    }
}
