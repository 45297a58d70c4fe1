package dev.gofer.deletion;

import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.store.DeletionStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import dev.gofer.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished runs that retention no longer keeps: beyond a pipeline's newest {@code keep_runs} finished runs
 * (the pipeline's own setting, else the server's), or ended longer ago than {@code run_retention}. A pending or
 * running run is never deleted. Works in small batches, oldest runs first, each one transaction (rows, its
 * {@code expired_run} events in one insert) followed by its files (one worker trip), with a pause between batches,
 * so a large backlog does not stall the API.
 */
public final class RunRetention {
    private static final Logger LOG = LoggerFactory.getLogger(RunRetention.class);

    /**
     * @param keepRuns the server's default for pipelines that set none (0 = keep any number)
     * @param maxAge   finished runs older than this go whatever their pipeline keeps (zero = no age limit)
     * @param batch    runs per transaction
     * @param pause    between batches
     */
    public record Policy(int keepRuns, Duration maxAge, int batch, Duration pause) {
    }

    /** A pipeline's own {@code keep_runs}, from its live config; empty when it sets none. */
    @FunctionalInterface
    public interface PipelineKeep {
        Future<OptionalInt> of(String namespaceId, String pipelineId);
    }

    private final Vertx vertx;
    private final Store store;
    private final DeletionStore deletions;
    private final FileRemovals files;
    private final PipelineKeep pipelineKeep;
    private final Policy policy;
    private final LongSupplier clock;
    private boolean pruning;

    public RunRetention(Vertx vertx, Store store, DeletionStore deletions, FileRemovals files, PipelineKeep pipelineKeep,
                        Policy policy, LongSupplier clock) {
        this.vertx = vertx;
        this.store = store;
        this.deletions = deletions;
        this.files = files;
        this.pipelineKeep = pipelineKeep;
        this.policy = policy;
        this.clock = clock;
    }

    /** Prunes now and then every {@code interval}; returns the timer id. A prune still going skips the next tick. */
    public long schedule(Duration interval) {
        Runnable tick = () -> {
            if (pruning) {
                return;
            }
            pruning = true;
            pruneAll().onComplete(r -> pruning = false)
                    .onSuccess(n -> { if (n > 0) { LOG.info("retention deleted {} finished runs", n); } })
                    .onFailure(e -> LOG.warn("run retention failed (tried again in {} s): {}", interval.toSeconds(), e.getMessage()));
        };
        tick.run();
        return vertx.setPeriodic(interval.toMillis(), id -> tick.run());
    }

    /** One pass over every pipeline; completes with how many runs were deleted. */
    public Future<Integer> pruneAll() {
        return store.namespaces().compose(namespaces -> {
            Future<Integer> total = Future.succeededFuture(0);
            for (Namespace ns : namespaces) {
                total = total.compose(sum -> store.pipelines(ns.id()).compose(pipelines -> {
                    Future<Integer> inNs = Future.succeededFuture(sum);
                    for (PipelineMetadata p : pipelines) {
                        inNs = inNs.compose(n -> prune(p.namespaceId(), p.pipelineId()).map(m -> n + m));
                    }
                    return inNs;
                }));
            }
            return total;
        });
    }

    /** Deletes what retention does not keep of one pipeline, a batch at a time. */
    public Future<Integer> prune(String ns, String pipeline) {
        return pipelineKeep.of(ns, pipeline).compose(own -> batches(ns, pipeline, own.orElse(policy.keepRuns()), 0));
    }

    private Future<Integer> batches(String ns, String pipeline, int keep, int deletedSoFar) {
        long[] at = {System.nanoTime(), 0, 0}; // start, selected, committed: where a batch's time goes (debug log)
        return nextBatch(ns, pipeline, keep)
                .compose(ids -> {
                    at[1] = System.nanoTime();
                    return ids.isEmpty() ? Future.succeededFuture(List.<Long>of()) : deletions.expireRuns(ns, pipeline, ids, clock.getAsLong());
                })
                .compose(deleted -> {
                    if (deleted.isEmpty()) {
                        return Future.succeededFuture(deletedSoFar);
                    }
                    at[2] = System.nanoTime();
                    return files.removeAll(deleted.stream().map(id -> new FileRemoval(ns, pipeline, id)).toList())
                            .onSuccess(v -> LOG.debug("retention deleted runs {}..{} of {}/{}: select {} ms, rows and events {} ms, files {} ms",
                                    deleted.get(0), deleted.get(deleted.size() - 1), ns, pipeline, (at[1] - at[0]) / 1_000_000,
                                    (at[2] - at[1]) / 1_000_000, (System.nanoTime() - at[2]) / 1_000_000))
                            .compose(v -> pause()).compose(v -> batches(ns, pipeline, keep, deletedSoFar + deleted.size()));
                });
    }

    private Future<List<Long>> nextBatch(String ns, String pipeline, int keep) {
        Future<List<Long>> byCount = keep > 0 ? deletions.runsBeyondNewest(ns, pipeline, keep, policy.batch())
                : Future.succeededFuture(List.of());
        return byCount.compose(ids -> {
            if (!ids.isEmpty() || policy.maxAge().isZero()) {
                return Future.succeededFuture(ids);
            }
            return deletions.runsEndedBefore(ns, pipeline, clock.getAsLong() - policy.maxAge().toMillis(), policy.batch());
        }).map(ArrayList::new);
    }

    private Future<Void> pause() {
        Promise<Void> p = Promise.promise();
        vertx.setTimer(Math.max(1, policy.pause().toMillis()), t -> p.complete());
        return p.future();
    }
}
