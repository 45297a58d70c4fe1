package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.TaskKey;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link DeletionStore} in SQL on the same pool as {@link SqlStore}. */
public final class SqlDeletionStore implements DeletionStore {
    private final SqlSupport sql;
    private final EventLog events;

    public SqlDeletionStore(Pool pool, Dialect dialect, EventLog events) {
        this.sql = new SqlSupport(pool, dialect);
        this.events = events;
    }

    private record TaskRow(String state, int attempts, Long reusedFromRun) {
    }

    @Override
    public Future<RemovedLog> removeTaskLog(TaskKey k) {
        String task = "SELECT state, attempt, reused_from_run FROM task_executions"
                + " WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND task_id = ?";
        return events.transaction((conn, rec) -> sql.one(conn, SqlDeletionStore::taskRow, task, k.namespaceId(), k.pipelineId(), k.runId(), k.taskId())
                .compose(row -> {
                    if (row.isEmpty()) {
                        return Future.failedFuture(GoferException.notFound("run " + k.runId() + " of pipeline '" + k.pipelineId()
                                + "' has no task '" + k.taskId() + "'"));
                    }
                    if (!TaskState.COMPLETE.wire().equals(row.get().state())) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "task '" + k.taskId()
                                + "' of run " + k.runId() + " is " + row.get().state() + ": its log can be deleted once it has ended"));
                    }
                    Long reused = row.get().reusedFromRun();
                    TaskKey logOf = reused == null ? k : new TaskKey(k.namespaceId(), k.pipelineId(), reused, k.taskId());
                    Future<Integer> attempts = reused == null ? Future.succeededFuture(row.get().attempts())
                            : sql.one(conn, SqlDeletionStore::taskRow, task, k.namespaceId(), k.pipelineId(), reused, k.taskId())
                                    .map(original -> original.map(TaskRow::attempts).orElse(row.get().attempts()));
                    // the run that ran it and every run that reused it show the same log
                    return attempts.compose(n -> sql.q(conn, "UPDATE task_executions SET logs_removed = 1 WHERE namespace_id = ?"
                                    + " AND pipeline_id = ? AND task_id = ? AND (run_id = ? OR reused_from_run = ?)",
                                    k.namespaceId(), k.pipelineId(), k.taskId(), logOf.runId(), logOf.runId())
                            .compose(v -> rec.record(NewEvent.deletedTaskLogs(k))).map(new RemovedLog(logOf, n)));
                }));
    }

    private static TaskRow taskRow(Row r) {
        return new TaskRow(r.getString("state"), r.getInteger("attempt"), r.getLong("reused_from_run"));
    }

    @Override
    public Future<Void> beginPipelineDeletion(String ns, String pipeline, long now) {
        return events.transaction((conn, rec) -> sql.q(conn,
                        "UPDATE pipelines SET state = ?, modified = ? WHERE namespace_id = ? AND pipeline_id = ?",
                        PipelineMetadata.DISABLED, now, ns, pipeline)
                .compose(rows -> rows.rowCount() == 0
                        ? Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'"))
                        : sql.q(conn, "INSERT INTO pipeline_deletions (namespace_id, pipeline_id, requested) VALUES (?, ?, ?)"
                                + " ON CONFLICT (namespace_id, pipeline_id) DO NOTHING", ns, pipeline, now))
                .compose(v -> rec.record(NewEvent.disabledPipeline(ns, pipeline)))
                .mapEmpty());
    }

    @Override
    public Future<List<PipelineKey>> pipelineDeletionsUnderWay() {
        return sql.list(sql.pool, r -> new PipelineKey(r.getString("namespace_id"), r.getString("pipeline_id")),
                "SELECT namespace_id, pipeline_id FROM pipeline_deletions ORDER BY requested");
    }

    @Override
    public Future<List<GoneSubscription>> deletePipeline(String ns, String pipeline, long now) {
        String owner = ns + "/" + pipeline;
        List<GoneSubscription> gone = new ArrayList<>();
        return events.transaction((conn, rec) -> sql.one(conn, r -> 1,
                        "SELECT 1 AS one FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?", ns, pipeline)
                .compose(found -> found.isPresent() ? sql.list(conn, r -> r.getLong("run_id"),
                        "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ? AND state <> ? ORDER BY run_id",
                        ns, pipeline, RunState.COMPLETE.wire())
                        : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'")))
                .compose(unfinished -> unfinished.isEmpty() ? Future.succeededFuture()
                        : Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "pipeline '" + pipeline
                                + "' has runs that have not finished (" + unfinished + "): cancel them first, or delete with force=true,"
                                + " which cancels them")))
                .compose(v -> sql.q(conn, "DELETE FROM object_keys WHERE (scope = 'pipeline' AND owner = ?) OR (scope = 'run' AND owner LIKE ?)",
                        owner, owner + "/%")) // ids are lowercase letters, digits and '-': nothing LIKE would read as a wildcard
                .compose(v -> sql.q(conn, "DELETE FROM secrets WHERE scope = 'pipeline' AND owner = ?", owner))
                .compose(v -> sql.list(conn, r -> new GoneSubscription(r.getString("extension_id"), r.getString("subscription_id")),
                        "SELECT extension_id, subscription_id FROM extension_subscriptions WHERE namespace_id = ? AND pipeline_id = ?"
                                + " ORDER BY extension_id, subscription_id", ns, pipeline))
                .onSuccess(gone::addAll)
                .compose(v -> sql.q(conn, "DELETE FROM pipeline_deletions WHERE namespace_id = ? AND pipeline_id = ?", ns, pipeline))
                // configs, deployments, runs, task executions and extension subscriptions cascade from the pipeline
                .compose(v -> sql.q(conn, "DELETE FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?", ns, pipeline))
                .compose(v -> pending(conn, new FileRemoval(ns, pipeline, 0), now))
                .compose(v -> rec.record(NewEvent.deletedPipeline(ns, pipeline)))
                .map(v -> List.copyOf(gone)));
    }

    private Future<?> pending(SqlConnection conn, FileRemoval r, long now) {
        return sql.q(conn, "INSERT INTO pending_file_removals (namespace_id, pipeline_id, run_id, requested) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (namespace_id, pipeline_id, run_id) DO NOTHING", r.namespaceId(), r.pipelineId(), r.runId(), now);
    }

    /**
     * Oldest first: the runs below the {@code keep}-th newest complete one, from the oldest up, so a prune cut short
     * leaves the newest runs it was to delete, never a gap below the kept ones with the oldest still there.
     */
    @Override
    public Future<List<Long>> runsBeyondNewest(String ns, String pipeline, int keep, int limit) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be positive: " + keep);
        }
        String complete = RunState.COMPLETE.wire();
        // no keep-th newest (fewer complete runs than kept): the comparison with NULL selects nothing
        return sql.list(sql.pool, r -> r.getLong("run_id"), "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ?"
                + " AND state = ? AND run_id < (SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ? AND state = ?"
                + " ORDER BY run_id DESC LIMIT 1 OFFSET ?) ORDER BY run_id LIMIT ?",
                ns, pipeline, complete, ns, pipeline, complete, keep - 1, limit);
    }

    @Override
    public Future<List<Long>> runsEndedBefore(String ns, String pipeline, long cutoff, int limit) {
        return sql.list(sql.pool, r -> r.getLong("run_id"), "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ?"
                + " AND state = ? AND ended < ? ORDER BY run_id LIMIT ?", ns, pipeline, RunState.COMPLETE.wire(), cutoff, limit);
    }

    /**
     * A statement per table for the whole batch, not per run: each statement is a trip to a worker thread and back,
     * and under API load every trip waits behind the requests on the event loop (benchmark 14). The events too: one
     * insert, ids in run order.
     */
    @Override
    public Future<List<Long>> expireRuns(String ns, String pipeline, List<Long> runIds, long now) {
        if (runIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String complete = RunState.COMPLETE.wire();
        return events.transaction((conn, rec) -> sql.list(conn, r -> r.getLong("run_id"), "SELECT run_id FROM runs"
                        + " WHERE namespace_id = ? AND pipeline_id = ? AND state = ? AND run_id IN " + SqlSupport.marks(runIds.size()) + " ORDER BY run_id",
                        SqlSupport.args(List.of(ns, pipeline, complete), runIds))
                .compose(deleted -> {
                    if (deleted.isEmpty()) {
                        return Future.succeededFuture(deleted);
                    }
                    // task executions cascade from the run; a run that is not complete stays
                    List<Object> owners = deleted.stream().<Object>map(id -> SqlObjectIndex.runOwner(ns, pipeline, id)).toList();
                    List<Object> pending = new ArrayList<>();
                    deleted.forEach(id -> pending.addAll(List.of(ns, pipeline, id, now)));
                    Future<?> chain = sql.q(conn, "DELETE FROM runs WHERE namespace_id = ? AND pipeline_id = ? AND state = ? AND run_id IN "
                                    + SqlSupport.marks(deleted.size()), SqlSupport.args(List.of(ns, pipeline, complete), deleted))
                            .compose(v -> sql.q(conn, "DELETE FROM object_keys WHERE scope = 'run' AND owner IN " + SqlSupport.marks(owners.size()),
                                    owners.toArray()))
                            .compose(v -> sql.q(conn, "INSERT INTO pending_file_removals (namespace_id, pipeline_id, run_id, requested) VALUES "
                                    + String.join(", ", Collections.nCopies(deleted.size(), "(?, ?, ?, ?)"))
                                    + " ON CONFLICT (namespace_id, pipeline_id, run_id) DO NOTHING", pending.toArray()));
                    List<NewEvent> expired = deleted.stream().map(id -> NewEvent.expiredRun(new RunKey(ns, pipeline, id))).toList();
                    return chain.compose(v -> rec.recordAll(expired)).map(v -> deleted);
                }));
    }

    @Override
    public Future<Void> filesRemoved(List<FileRemoval> removals) {
        if (removals.isEmpty()) {
            return Future.succeededFuture();
        }
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (FileRemoval r : removals) {
            where.add("(namespace_id = ? AND pipeline_id = ? AND run_id = ?)");
            args.addAll(List.of(r.namespaceId(), r.pipelineId(), r.runId()));
        }
        return sql.write("DELETE FROM pending_file_removals WHERE " + String.join(" OR ", where), args.toArray());
    }

    @Override
    public Future<List<FileRemoval>> pendingFileRemovals() {
        return sql.list(sql.pool, r -> new FileRemoval(r.getString("namespace_id"), r.getString("pipeline_id"), r.getLong("run_id")),
                "SELECT namespace_id, pipeline_id, run_id FROM pending_file_removals ORDER BY requested");
    }
}
