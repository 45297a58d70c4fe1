package dev.gofer.store;

import dev.gofer.model.TaskKey;
import io.vertx.core.Future;

/**
 * Rows users delete on request. Each call is one transaction with its event; the files that belong to the rows
 * are removed by the caller after the commit (a crash in between leaves files without rows, which a sweep at
 * start removes, never rows without files).
 */
public interface DeletionStore {
    /**
     * Marks a complete task's log removed (NOT_FOUND when there is no such task; CONFLICT while it has not ended,
     * since its container still writes the log).
     */
    Future<Void> removeTaskLog(TaskKey task);
}
