package dev.gofer.store;

import dev.gofer.events.NewEvent;
import dev.gofer.model.RunKey;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which objects exist: one row per key of each owner (a pipeline, a run, an extension). The bytes live in
 * an object backend; a key is visible only once its row is committed, so an interrupted upload never shows.
 */
public interface ObjectIndex {
    /** {@code created} is epoch ms, strictly increasing per owner (so "oldest" is never a tie). */
    record Entry(String key, long created, long size) {
    }

    /** What a put stored and, when the owner was at its limit, which entries it evicted. */
    record PutResult(Entry stored, List<Entry> evicted) {
    }

    Future<List<Entry>> list(String scope, String owner);

    Future<Optional<Entry>> get(String scope, String owner, String key);

    /**
     * Records {@code key} in one transaction: refuses with a conflict when it exists and {@code force} is
     * false; when the key is new and {@code limit > 0} keys exist already, removes the oldest rows and records
     * {@code evictionEvent} of each removed key; runs {@code publish} (making the bytes visible) before committing.
     */
    Future<PutResult> put(String scope, String owner, String key, long size, long now, boolean force, int limit,
                          Function<String, NewEvent> evictionEvent, Supplier<Future<Void>> publish);

    /** True when the key existed. */
    Future<Boolean> delete(String scope, String owner, String key);

    /** Removes every row of the owner; returns what was removed. */
    Future<List<Entry>> deleteAll(String scope, String owner);

    /**
     * Complete runs of the pipeline with {@code newerRuns} or more newer runs (counting every run created since,
     * whatever its state) whose objects have not expired yet, oldest first.
     */
    Future<List<RunKey>> runsToExpire(String namespaceId, String pipelineId, int newerRuns);

    /**
     * Removes the object rows of these runs of the pipeline and marks the runs {@code store_objects_expired}, as one;
     * returns the ids of the runs that had rows (their bytes are the caller's to delete: if it stops before, they
     * are orphans, which the sweep removes).
     */
    Future<List<Long>> expireRunObjectRows(String namespaceId, String pipelineId, List<Long> runIds);
}
