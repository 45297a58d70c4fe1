package dev.gofer.deletion;

import dev.gofer.store.DeletionStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the files of deleted rows after their transaction committed, then drops the pending row; what a previous
 * process left pending is finished by {@link #finishPending()} at start.
 */
public final class FileRemovals {
    private static final Logger LOG = LoggerFactory.getLogger(FileRemovals.class);

    /** Removes what a pipeline or a run stored outside the database; idempotent. */
    @FunctionalInterface
    public interface Files {
        Future<Void> remove(FileRemoval removal);

        /** All of them, idempotent; fails when any failed (the caller then tries them one by one). */
        default Future<Void> removeAll(List<FileRemoval> removals) {
            Future<Void> chain = Future.succeededFuture();
            for (FileRemoval r : removals) {
                chain = chain.compose(v -> remove(r));
            }
            return chain;
        }
    }

    /** Removals recorded done per transaction at start (a statement's parameters are bounded). */
    private static final int CHUNK = 100;

    private final DeletionStore deletions;
    private final Files files;

    public FileRemovals(DeletionStore deletions, Files files) {
        this.deletions = deletions;
        this.files = files;
    }

    /** Never fails: a removal that fails stays pending and is tried again at the next start. */
    public Future<Void> remove(FileRemoval r) {
        return removeAll(List.of(r));
    }

    /**
     * All together ({@link Files#removeAll}, a batch of retention is one worker trip), else, when that failed, one
     * after the other; then the rows of those whose files went, in one transaction. Never fails: a removal that
     * fails stays pending and is tried again at the next start.
     */
    public Future<Void> removeAll(List<FileRemoval> removals) {
        if (removals.isEmpty()) {
            return Future.succeededFuture();
        }
        return files.removeAll(removals).transform(all -> all.succeeded() ? recordRemoved(removals) : oneByOne(removals));
    }

    private Future<Void> oneByOne(List<FileRemoval> removals) {
        List<FileRemoval> removed = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (FileRemoval r : removals) {
            chain = chain.compose(v -> files.remove(r).onSuccess(x -> removed.add(r)).recover(e -> {
                LOG.warn("{} deleted, but removing its files failed (tried again at the next start): {}", describe(r), e.getMessage());
                return Future.succeededFuture();
            }));
        }
        return chain.compose(v -> recordRemoved(removed));
    }

    private Future<Void> recordRemoved(List<FileRemoval> removed) {
        return deletions.filesRemoved(removed).recover(e -> {
            LOG.warn("files of {} deleted pipelines or runs removed, but recording it failed (done again at the next start): {}",
                    removed.size(), e.getMessage());
            return Future.succeededFuture();
        });
    }

    public Future<Integer> finishPending() {
        return deletions.pendingFileRemovals().compose(pending -> {
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < pending.size(); from += CHUNK) {
                List<FileRemoval> chunk = pending.subList(from, Math.min(pending.size(), from + CHUNK));
                chain = chain.compose(v -> removeAll(chunk));
            }
            return chain.map(pending.size());
        });
    }

    private static String describe(FileRemoval r) {
        return r.wholePipeline() ? "pipeline " + r.namespaceId() + "/" + r.pipelineId()
                : "run " + r.runId() + " of pipeline " + r.namespaceId() + "/" + r.pipelineId();
    }
}
