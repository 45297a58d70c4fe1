package dev.gofer.api;

import dev.gofer.logs.LogStore;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.store.DeletionStore;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET .../tasks/:task_id/logs}: the task's output as plain text. With {@code follow=true} the
 * response stays open and carries new output as the container prints it, until the task ends. With
 * {@code format=ndjson} (our extension) each line of the response is {@code {"stream","text"}}, so a
 * reader can tell stdout from stderr. A retried task keeps the log of every attempt: {@code attempt=N} reads
 * attempt N's (the latest by default).
 */
final class LogRoutes {
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private final Vertx vertx;
    private final Store store;
    private final LogStore logs;
    private final RunRoutes runs;
    private final LogSender sender;
    private final DeletionStore deletions;

    LogRoutes(Vertx vertx, Store store, LogStore logs, RunRoutes runs, DeletionStore deletions) {
        this.deletions = deletions;
        this.vertx = vertx;
        this.store = store;
        this.logs = logs;
        this.runs = runs;
        this.sender = new LogSender(vertx, logs);
    }

    void mount(ApiRouter router) {
        router.get("/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id/tasks/:task_id/logs").handler(ctx -> {
            boolean follow = Params.flag(ctx, "follow");
            String format = ctx.queryParams().get("format");
            if (format != null && !format.isEmpty() && !format.equals("text") && !format.equals("ndjson")) {
                throw GoferException.invalid("format: must be text (the default) or ndjson, got '" + format + "'");
            }
            boolean ndjson = "ndjson".equals(format);
            int attempt = Params.query(ctx, "attempt", 0, Integer.MAX_VALUE);
            // a task a retried run reused shows the log of the run that ran it
            runs.taskKey(ctx)
                    .compose(key -> store.task(key).compose(t -> PipelineRoutes.found(t, RunRoutes.noTask(ctx)))
                            .compose(t -> t.logsRemoved() ? Future.failedFuture(GoferException.notFound("the log of task '"
                                    + key.taskId() + "' of run " + key.runId() + " was deleted"))
                                    : attemptLog(t, attempt).map(k -> t.reusedFromRun() == null ? k
                                    : new TaskKey(k.namespaceId(), k.pipelineId(), t.reusedFromRun(), k.taskId()))))
                    .onSuccess(key -> {
                        ctx.response().putHeader("content-type", ndjson ? NDJSON : "text/plain; charset=utf-8");
                        Promise<Void> gone = Promise.promise();
                        ctx.response().closeHandler(v -> gone.tryComplete());
                        if (follow) {
                            new LogFollower(vertx, sender, ctx, gone.future(), key, ndjson).begin();
                            return;
                        }
                        if (ndjson) {
                            ctx.response().setChunked(true);
                            sender.send(ctx.response(), gone.future(), key, 0, Long.MAX_VALUE, true)
                                    .onSuccess(v -> ctx.response().end())
                                    .onFailure(e -> failAfterHeaders(ctx, e));
                            return;
                        }
                        String file = logs.file(key).toString();
                        vertx.fileSystem().exists(file)
                                .compose(exists -> exists ? ctx.response().sendFile(file) : ctx.response().end())
                                .onFailure(ctx::fail);
                    }).onFailure(ctx::fail);
        });
        // a finished task's log, on request (e.g. it printed something it should not have); the row keeps logs_removed
        router.delete("/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id/tasks/:task_id/logs").handler(ctx ->
                Replies.empty(ctx, runs.taskKey(ctx).compose(key -> deletions.removeTaskLog(key)
                        .compose(removed -> vertx.executeBlocking(() -> {
                            // every attempt's log goes (of the run that ran the task, when a retried run reused it)
                            logs.removeContent(removed.logOf());
                            for (int n = 1; n < removed.attempts(); n++) {
                                logs.removeContent(LogStore.attemptLog(removed.logOf(), n));
                            }
                            return null;
                        })))));
    }

    /** The key the log of {@code attempt} (0 = the latest) is kept under; an earlier one is kept apart once the next starts. */
    private Future<TaskKey> attemptLog(TaskExecution t, int attempt) {
        if (attempt < 0 || attempt > t.attempt()) {
            throw GoferException.invalid("attempt: task '" + t.key().taskId() + "' has run " + t.attempt()
                    + (t.attempt() == 1 ? " attempt" : " attempts") + " so far; ask for 1 to " + t.attempt() + ", got " + attempt);
        }
        if (attempt == 0 || attempt == t.attempt()) {
            return Future.succeededFuture(t.key());
        }
        TaskKey kept = LogStore.attemptLog(t.key(), attempt);
        // until the next attempt starts, the task's own log is still the last attempt's
        return vertx.fileSystem().exists(logs.file(kept).toString()).map(exists -> exists ? kept : t.key());
    }

    /** Once part of the body is sent, a 500 can no longer be: the response is cut instead, so the client sees it broke. */
    static void failAfterHeaders(RoutingContext ctx, Throwable e) {
        if (!ctx.response().headWritten()) {
            ctx.fail(e);
        } else if (!ctx.response().ended()) {
            ctx.response().reset();
        }
    }
}
