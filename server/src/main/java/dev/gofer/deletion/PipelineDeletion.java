package dev.gofer.deletion;

import dev.gofer.model.GoferException;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.runs.Runs;
import dev.gofer.store.DeletionStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import dev.gofer.store.DeletionStore.GoneSubscription;
import dev.gofer.store.DeletionStore.PipelineKey;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting a pipeline and everything it holds ({@code DELETE .../pipelines/{id}}). The rows go in one transaction
 * that also records that the pipeline's files are to be removed; the files (logs, objects) go after the commit, and
 * the extensions are told of the subscriptions that went with it. A forced deletion first records that it began
 * (and disables the pipeline), then cancels the unfinished runs: a crash in that phase, whose cancels cannot be
 * undone, is finished by {@link #finishUnderWay()} at the next start; a crash after the commit leaves files that
 * {@link FileRemovals#finishPending()} removes then. Nothing is half-deleted in the database.
 */
public final class PipelineDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineDeletion.class);
    /** A deletion finished at start waits this long between tries while its runs are being resumed. */
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final int TRIES = 90;

    /** Tells the extensions of subscriptions that went with a deleted pipeline to stop acting on them. */
    @FunctionalInterface
    public interface Subscriptions {
        Future<Void> gone(String namespaceId, String pipelineId, List<GoneSubscription> subscriptions);
    }

    private final Vertx vertx;
    private final Store store;
    private final DeletionStore deletions;
    private final Runs runs;
    private final Subscriptions subscriptions;
    private final FileRemovals files;
    private final Duration stopBound;

    /** @param stopBound how long a forced delete waits for cancelled runs to complete */
    public PipelineDeletion(Vertx vertx, Store store, DeletionStore deletions, Runs runs, Subscriptions subscriptions,
                            FileRemovals files, Duration stopBound) {
        this.vertx = vertx;
        this.store = store;
        this.deletions = deletions;
        this.runs = runs;
        this.subscriptions = subscriptions;
        this.files = files;
        this.stopBound = stopBound;
    }

    /**
     * Without {@code force}, refuses (CONFLICT) while runs are pending or running. With it, records that the deletion
     * began and disables the pipeline (nothing new starts), cancels those runs and waits until they are complete, then
     * deletes.
     */
    public Future<Void> delete(String ns, String pipeline, boolean force) {
        return store.pipeline(ns, pipeline)
                .compose(p -> p.isPresent() ? Future.succeededFuture(p.get())
                        : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'")))
                .compose(p -> force ? deletions.beginPipelineDeletion(ns, pipeline, System.currentTimeMillis())
                        .compose(v -> stopEverything(p)) : Future.succeededFuture())
                .compose(v -> deletions.deletePipeline(ns, pipeline, System.currentTimeMillis()))
                .compose(gone -> gone.isEmpty() ? Future.succeededFuture() : subscriptions.gone(ns, pipeline, gone).recover(e -> {
                    // the rows are gone: an extension not told now gets only the remaining subscriptions at its next start
                    LOG.warn("pipeline {}/{} deleted, but telling its extensions of {} subscriptions failed: {}", ns, pipeline,
                            gone.size(), e.getMessage());
                    return Future.succeededFuture();
                }))
                .compose(v -> files.remove(new FileRemoval(ns, pipeline, 0)));
    }

    /**
     * Finishes the forced deletions a previous process began and did not finish (it died while cancelling their
     * runs). Each is tried again while its runs are still being resumed by this process; completes with how many.
     */
    public Future<Integer> finishUnderWay() {
        return deletions.pipelineDeletionsUnderWay().compose(underWay -> {
            Future<Void> chain = Future.succeededFuture();
            for (PipelineKey k : underWay) {
                chain = chain.compose(v -> finish(k, TRIES));
            }
            return chain.map(underWay.size());
        });
    }

    private Future<Void> finish(PipelineKey k, int triesLeft) {
        return delete(k.namespaceId(), k.pipelineId(), true).recover(e -> {
            if (triesLeft <= 1) {
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE, "finishing the deletion of pipeline "
                        + k.namespaceId() + "/" + k.pipelineId() + " failed (tried again at the next start): " + e.getMessage()));
            }
            LOG.info("finishing the deletion of pipeline {}/{}: {}; trying again in {} s", k.namespaceId(), k.pipelineId(),
                    e.getMessage(), RETRY.toSeconds());
            Promise<Void> later = Promise.promise();
            vertx.setTimer(RETRY.toMillis(), t -> finish(k, triesLeft - 1).onComplete(later));
            return later.future();
        });
    }

    /** Cancels the pipeline's unfinished runs and waits, at most {@code stopBound}, until each has ended. */
    private Future<Void> stopEverything(PipelineMetadata p) {
        return store.unfinishedRuns().compose(all -> {
            List<RunKey> mine = all.stream().map(Run::key)
                    .filter(k -> k.namespaceId().equals(p.namespaceId()) && k.pipelineId().equals(p.pipelineId())).toList();
            return Future.all(mine.stream().map(k -> runs.cancel(k).recover(PipelineDeletion::alreadyOver)
                    .compose(v -> runs.ended(k, stopBound))).toList());
        }).<Void>mapEmpty().recover(e -> Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                "pipeline '" + p.pipelineId() + "' is disabled and its runs cancelled, but " + e.getMessage()
                        + "; nothing was deleted: repeat the request (the next start also finishes it)")));
    }

    /** A run that completed or vanished before its cancel arrived needs no cancel. */
    private static Future<Boolean> alreadyOver(Throwable e) {
        int code = e instanceof ReplyException r ? r.failureCode() : e instanceof GoferException g ? g.kind().httpStatus : 500;
        return code == 404 || code == 409 ? Future.succeededFuture(false) : Future.failedFuture(e);
    }
}
