package dev.gofer.deletion;

import dev.gofer.model.GoferException;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.runs.Runs;
import dev.gofer.store.DeletionStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import dev.gofer.store.NamespaceStore;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting a pipeline and everything it holds ({@code DELETE .../pipelines/{id}}). The rows go in one transaction
 * that also records that the pipeline's files are to be removed; the files (logs, objects) go after the commit.
 * A crash before the commit leaves the pipeline whole (the request can be repeated); a crash after it leaves
 * files that {@link FileRemovals#finishPending()} removes at the next start. Nothing is half-deleted in the database.
 */
public final class PipelineDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineDeletion.class);
    private static final long POLL_MS = 200;

    /** Tells the extensions a pipeline subscribed to that it is gone (the rows then cascade with the pipeline). */
    @FunctionalInterface
    public interface Subscriptions {
        Future<Void> unsubscribeAll(String namespaceId, String pipelineId);
    }

    private final Vertx vertx;
    private final Store store;
    private final NamespaceStore namespaces;
    private final DeletionStore deletions;
    private final Runs runs;
    private final Subscriptions subscriptions;
    private final FileRemovals files;
    private final Duration stopBound;

    /** @param stopBound how long a forced delete waits for cancelled runs to complete */
    public PipelineDeletion(Vertx vertx, Store store, NamespaceStore namespaces, DeletionStore deletions, Runs runs,
                            Subscriptions subscriptions, FileRemovals files, Duration stopBound) {
        this.vertx = vertx;
        this.store = store;
        this.namespaces = namespaces;
        this.deletions = deletions;
        this.runs = runs;
        this.subscriptions = subscriptions;
        this.files = files;
        this.stopBound = stopBound;
    }

    /**
     * Without {@code force}, refuses (CONFLICT) while runs are pending or running. With it, disables the pipeline
     * (nothing new starts), cancels those runs and waits until they are complete, then deletes.
     */
    public Future<Void> delete(String ns, String pipeline, boolean force) {
        return store.pipeline(ns, pipeline)
                .compose(p -> p.isPresent() ? Future.succeededFuture(p.get())
                        : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'")))
                .compose(p -> force ? stopEverything(p) : Future.succeededFuture())
                .compose(v -> subscriptions.unsubscribeAll(ns, pipeline))
                .compose(v -> deletions.deletePipeline(ns, pipeline, System.currentTimeMillis()))
                .compose(v -> files.remove(new FileRemoval(ns, pipeline, 0)));
    }

    private Future<Void> stopEverything(PipelineMetadata p) {
        return namespaces.setPipelineState(p.namespaceId(), p.pipelineId(), PipelineMetadata.DISABLED, System.currentTimeMillis())
                .compose(v -> store.unfinishedRuns())
                .compose(all -> {
                    List<RunKey> mine = all.stream().map(Run::key)
                            .filter(k -> k.namespaceId().equals(p.namespaceId()) && k.pipelineId().equals(p.pipelineId())).toList();
                    List<Future<Boolean>> cancels = new ArrayList<>();
                    mine.forEach(k -> cancels.add(runs.cancel(k).recover(e -> Future.succeededFuture(false))));
                    return Future.join(cancels).compose(v -> awaitComplete(mine, System.currentTimeMillis() + stopBound.toMillis()));
                });
    }

    private Future<Void> awaitComplete(List<RunKey> keys, long deadline) {
        List<Future<Optional<Run>>> reads = keys.stream().map(store::run).toList();
        return Future.all(reads).compose(v -> {
            List<RunKey> left = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                Optional<Run> r = reads.get(i).result();
                if (r.isPresent() && r.get().state() != RunState.COMPLETE) {
                    left.add(keys.get(i));
                }
            }
            if (left.isEmpty()) {
                return Future.succeededFuture();
            }
            if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE, left.size()
                        + " cancelled runs did not complete within " + stopBound.toSeconds() + " s (first: run " + left.get(0).runId()
                        + "); nothing was deleted: try again once they have"));
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(POLL_MS, t -> awaitComplete(left, deadline).onComplete(later));
            return later.future();
        });
    }
}
