package dev.gofer.store;

import dev.gofer.model.TaskKey;
import io.vertx.core.Future;
import java.util.List;

/**
 * Rows that users delete on request or that retention expires. Each deletion is one transaction with its events and
 * a {@link FileRemoval} row; the files that belonged to the rows are removed by the caller after the commit and the
 * row then dropped, so a crash in between leaves files to remove (finished at the next start), never rows whose
 * files are gone.
 */
public interface DeletionStore {
    /** The files of a deleted pipeline ({@code runId} 0) or of one deleted run. */
    record FileRemoval(String namespaceId, String pipelineId, long runId) {
        public boolean wholePipeline() {
            return runId == 0;
        }
    }

    /**
     * Marks a complete task's log removed (NOT_FOUND when there is no such task; CONFLICT while it has not ended,
     * since its container still writes the log). Completes with how many attempts the task ran, each with its own log.
     */
    Future<Integer> removeTaskLog(TaskKey task);

    /**
     * Deletes the pipeline's rows (configs, deployments, runs, task executions, subscriptions, object keys of the
     * pipeline and its runs, its secrets) with a {@code deleted_pipeline} event. CONFLICT naming the runs when any run
     * has not finished; NOT_FOUND when there is no such pipeline.
     */
    Future<Void> deletePipeline(String namespaceId, String pipelineId, long now);

    /** Up to {@code limit} complete runs of the pipeline after its newest {@code keep} complete ones, oldest first. */
    Future<List<Long>> runsBeyondNewest(String namespaceId, String pipelineId, int keep, int limit);

    /** Up to {@code limit} complete runs of the pipeline that ended before {@code cutoff}, oldest first. */
    Future<List<Long>> runsEndedBefore(String namespaceId, String pipelineId, long cutoff, int limit);

    /**
     * Deletes these runs with their task executions and run object keys, an {@code expired_run} event each, in one
     * transaction; a run that is not complete is left alone. Returns the ids deleted.
     */
    Future<List<Long>> expireRuns(String namespaceId, String pipelineId, List<Long> runIds, long now);

    /** Removals whose files have not been confirmed gone, oldest first. */
    Future<List<FileRemoval>> pendingFileRemovals();

    /** Their files are gone (one transaction). */
    Future<Void> filesRemoved(List<FileRemoval> removals);
}
