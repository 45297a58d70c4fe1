package dev.gofer.deletion;

import dev.gofer.store.DeletionStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import io.vertx.core.Future;
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
    }

    private final DeletionStore deletions;
    private final Files files;

    public FileRemovals(DeletionStore deletions, Files files) {
        this.deletions = deletions;
        this.files = files;
    }

    /** Never fails: a removal that fails stays pending and is tried again at the next start. */
    public Future<Void> remove(FileRemoval r) {
        return files.remove(r).compose(v -> deletions.filesRemoved(r)).recover(e -> {
            LOG.warn("{} deleted, but removing its files failed (tried again at the next start): {}", describe(r), e.getMessage());
            return Future.succeededFuture();
        });
    }

    public Future<Integer> finishPending() {
        return deletions.pendingFileRemovals().compose(pending -> {
            Future<Void> chain = Future.succeededFuture();
            for (FileRemoval r : pending) {
                chain = chain.compose(v -> remove(r));
            }
            return chain.map(pending.size());
        });
    }

    private static String describe(FileRemoval r) {
        return r.wholePipeline() ? "pipeline " + r.namespaceId() + "/" + r.pipelineId()
                : "run " + r.runId() + " of pipeline " + r.namespaceId() + "/" + r.pipelineId();
    }
}
