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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET .../tasks/:task_id/logs}: the task's output as plain text. With {@code follow=true} the
 * response stays open and carries new output as the container prints it, until the task ends. With
 * {@code format=ndjson} (our extension) each line of the response is {@code {"stream","text"}}, so a
 * reader can tell stdout from stderr. A retried task keeps the log of every attempt: {@code attempt=N} reads
 * attempt N's (the latest by default). {@code POST .../logs/download} gives a one-use link to save one attempt's log
 * as a file.
 */
final class LogRoutes {
    private static final String TASK_LOGS = "/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id/tasks/:task_id/logs";
    static final String DOWNLOADS = "/api/log-downloads/";
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private final Vertx vertx;
    private final Store store;
    private final LogStore logs;
    private final RunRoutes runs;
    private final LogSender sender;
    private final DeletionStore deletions;
    private final DownloadLinks downloads;

    LogRoutes(Vertx vertx, Store store, LogStore logs, RunRoutes runs, DeletionStore deletions, DownloadLinks downloads) {
        this.downloads = downloads;
        this.deletions = deletions;
        this.vertx = vertx;
        this.store = store;
        this.logs = logs;
        this.runs = runs;
        this.sender = new LogSender(vertx, logs);
    }

    void mount(ApiRouter router) {
        router.get(TASK_LOGS).handler(ctx -> {
            boolean follow = Params.flag(ctx, "follow");
            String format = ctx.queryParams().get("format");
            if (format != null && !format.isEmpty() && !format.equals("text") && !format.equals("ndjson")) {
                throw GoferException.invalid("format: must be text (the default) or ndjson, got '" + format + "'");
            }
            boolean ndjson = "ndjson".equals(format);
            int attempt = Params.query(ctx, "attempt", 0, Integer.MAX_VALUE);
            logOf(ctx, attempt).map(AttemptLog::file)
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
        router.post(TASK_LOGS + "/download").handler(this::downloadLink);
        router.get(DOWNLOADS + ":link").handler(this::download);
        // a finished task's log, on request (e.g. it printed something it should not have); the row keeps logs_removed
        router.delete(TASK_LOGS).handler(ctx ->
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

    /** Where attempt {@code attempt} of a task keeps its log ({@code file}), and which attempt that is (1-based). */
    private record AttemptLog(TaskExecution task, int attempt, TaskKey file) {
    }

    /** The log file of the task the path names, attempt {@code attempt} (0 = the latest); 404 once deleted. */
    private Future<AttemptLog> logOf(RoutingContext ctx, int attempt) {
        // a task a retried run reused shows the log of the run that ran it
        return runs.taskKey(ctx)
                .compose(key -> store.task(key).compose(t -> PipelineRoutes.found(t, RunRoutes.noTask(ctx)))
                        .compose(t -> t.logsRemoved() ? Future.failedFuture(GoferException.notFound("the log of task '"
                                + key.taskId() + "' of run " + key.runId() + " was deleted"))
                                : attemptLog(t, attempt).map(k -> new AttemptLog(t, attempt == 0 ? t.attempt() : attempt,
                                t.reusedFromRun() == null ? k : new TaskKey(k.namespaceId(), k.pipelineId(), t.reusedFromRun(), k.taskId())))));
    }

    /**
     * {@code POST .../logs/download?attempt=N}: a link the browser follows to save the whole log of one attempt as a
     * file, streamed from disk ({@link DownloadLinks}: once, within a minute, no token in the URL).
     */
    private void downloadLink(RoutingContext ctx) {
        int attempt = Params.query(ctx, "attempt", 0, Integer.MAX_VALUE);
        Replies.json(ctx, 201, logOf(ctx, attempt).map(log -> {
            String name = DownloadLinks.filename(log.task().key(), log.attempt(), log.task().attempt() > 1);
            String id = downloads.issue(new DownloadLinks.Download(log.file(), name));
            return new JsonObject().put("url", DOWNLOADS + id).put("filename", name).put("expires", downloads.expiresAt(id));
        }));
    }

    private void download(RoutingContext ctx) {
        DownloadLinks.Download d = downloads.redeem(ctx.pathParam("link")).orElseThrow(() -> GoferException.notFound(
                "download link: unknown, already used or expired (a link works once, within "
                        + DownloadLinks.TTL.toSeconds() + " s); ask for a new one with POST .../tasks/{task}/logs/download"));
        ctx.response().putHeader("content-type", "text/plain; charset=utf-8").putHeader("cache-control", "no-store")
                .putHeader("content-disposition", "attachment; filename=\"" + d.filename() + "\"");
        String file = logs.file(d.log()).toString();
        vertx.fileSystem().exists(file)
                .compose(exists -> exists ? ctx.response().sendFile(file) : ctx.response().end())
                .onFailure(ctx::fail);
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
