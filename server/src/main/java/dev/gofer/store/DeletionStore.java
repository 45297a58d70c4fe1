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

    /** A forced deletion of this pipeline has begun (its runs are being cancelled) and is not finished. */
    record PipelineKey(String namespaceId, String pipelineId) {
    }

    /** A subscription that went with its pipeline: its extension is told after the commit. */
    record GoneSubscription(String extensionId, String subscriptionId) {
    }

    /** The log files to remove: the task whose log it is, and how many attempts it ran (each with its own log). */
    record RemovedLog(TaskKey logOf, int attempts) {
    }

    /**
     * Marks a complete task's log removed (NOT_FOUND when there is no such task; CONFLICT while it has not ended,
     * since its container still writes the log). A task a retried run reused shows the log of the run that ran it:
     * that log is the one removed, and marked removed in that run and in every run that reused it.
     */
    Future<RemovedLog> removeTaskLog(TaskKey task);

    /**
     * Deletes the pipeline's rows (configs, deployments, runs, task executions, subscriptions, object keys of the
     * pipeline and its runs, its secrets, its deletion under way) with a {@code deleted_pipeline} event. CONFLICT naming
     * the runs when any run has not finished; NOT_FOUND when there is no such pipeline. Completes with the
     * subscriptions deleted, whose extensions are still to be told.
     */
    Future<List<GoneSubscription>> deletePipeline(String namespaceId, String pipelineId, long now);

    /**
     * Records that a forced deletion of the pipeline begins and disables the pipeline (nothing new starts), in one
     * transaction with the {@code disabled_pipeline} event; NOT_FOUND when there is no such pipeline.
     */
    Future<Void> beginPipelineDeletion(String namespaceId, String pipelineId, long now);

    /** Forced deletions a previous process began and did not finish, oldest first. */
    Future<List<PipelineKey>> pipelineDeletionsUnderWay();

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
