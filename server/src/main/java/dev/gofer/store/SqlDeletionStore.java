package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

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
}
