package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** {@link DeletionStore} in SQL on the same pool as {@link SqlStore}. */
public final class SqlDeletionStore implements DeletionStore {
    private final SqlSupport sql;
    private final EventLog events;

    public SqlDeletionStore(Pool pool, Dialect dialect, EventLog events) {
        this.sql = new SqlSupport(pool, dialect);
        this.events = events;
    }

    @Override
    public Future<Void> removeTaskLog(TaskKey k) {
        return events.transaction((conn, rec) -> sql.one(conn, r -> r.getString("state"),
                        "SELECT state FROM task_executions WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND task_id = ?",
                        k.namespaceId(), k.pipelineId(), k.runId(), k.taskId())
                .compose(state -> {
                    if (state.isEmpty()) {
                        return Future.failedFuture(GoferException.notFound("run " + k.runId() + " of pipeline '" + k.pipelineId()
                                + "' has no task '" + k.taskId() + "'"));
                    }
                    if (!TaskState.COMPLETE.wire().equals(state.get())) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "task '" + k.taskId()
                                + "' of run " + k.runId() + " is " + state.get() + ": its log can be deleted once it has ended"));
                    }
                    return sql.q(conn, "UPDATE task_executions SET logs_removed = 1 WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND task_id = ?",
                            k.namespaceId(), k.pipelineId(), k.runId(), k.taskId());
                })
                .compose(v -> rec.record(NewEvent.deletedTaskLogs(k)))
                .mapEmpty());
    }

    @Override
    public Future<Void> deletePipeline(String ns, String pipeline, long now) {
        String owner = ns + "/" + pipeline;
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
                // configs, deployments, runs, task executions and extension subscriptions cascade from the pipeline
                .compose(v -> sql.q(conn, "DELETE FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?", ns, pipeline))
                .compose(v -> sql.q(conn, "INSERT INTO pipeline_deletions (namespace_id, pipeline_id, requested) VALUES (?, ?, ?)"
                        + " ON CONFLICT (namespace_id, pipeline_id) DO NOTHING", ns, pipeline, now))
                .compose(v -> rec.record(NewEvent.deletedPipeline(ns, pipeline)))
                .mapEmpty());
    }

    @Override
    public Future<List<PipelineRef>> pipelinesWithFiles() {
        return sql.list(sql.pool, r -> new PipelineRef(r.getString("namespace_id"), r.getString("pipeline_id")),
                "SELECT namespace_id, pipeline_id FROM pipeline_deletions ORDER BY requested");
    }

    @Override
    public Future<Void> filesRemoved(PipelineRef p) {
        return sql.write("DELETE FROM pipeline_deletions WHERE namespace_id = ? AND pipeline_id = ?", p.namespaceId(), p.pipelineId());
    }
}
