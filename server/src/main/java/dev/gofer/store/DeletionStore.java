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

    /** A deleted pipeline whose files may still exist. */
    record PipelineRef(String namespaceId, String pipelineId) {
    }

    /**
     * Deletes the pipeline's rows (configs, deployments, runs, task executions, subscriptions, object keys of the
     * pipeline and its runs, its secrets) with a {@code deleted_pipeline} event, and records that its files are to
     * be removed. CONFLICT naming the runs when any run has not finished; NOT_FOUND when there is no such pipeline.
     */
    Future<Void> deletePipeline(String namespaceId, String pipelineId, long now);

    /** Deleted pipelines whose files have not been confirmed removed (oldest first). */
    Future<java.util.List<PipelineRef>> pipelinesWithFiles();

    /** The pipeline's files are gone. */
    Future<Void> filesRemoved(PipelineRef pipeline);
}
