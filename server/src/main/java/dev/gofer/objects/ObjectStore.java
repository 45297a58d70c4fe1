package dev.gofer.objects;

import io.vertx.core.Promise;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.store.ObjectIndex;
import dev.gofer.store.ObjectIndex.Entry;
import dev.gofer.store.ObjectIndex.PutResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store: keys in the {@link ObjectIndex}, bytes in an {@link ObjectBackend}, streamed both ways
 * (nothing buffers a whole object). Applies the size limit, {@code force}, the per-pipeline count limit
 * (evicting the oldest) and run-object expiry.
 */
public final class ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    /** Runs whose objects expire in one transaction: well under either store's limit of bound parameters. */
    public static final int EXPIRY_BATCH = 500;

    private final ObjectIndex index;
    private final ObjectBackend backend;
    private final long sizeLimit;
    private final int pipelineObjectLimit;
    private final int runObjectExpiry;
    private final LongSupplier clock;
    private long sweepTimer = -1;

    public ObjectStore(ObjectIndex index, ObjectBackend backend, long sizeLimit, int pipelineObjectLimit,
                       int runObjectExpiry, LongSupplier clock) {
        this.index = index;
        this.backend = backend;
        this.sizeLimit = sizeLimit;
        this.pipelineObjectLimit = pipelineObjectLimit;
        this.runObjectExpiry = runObjectExpiry;
        this.clock = clock;
    }

    public long sizeLimit() {
        return sizeLimit;
    }

    public int pipelineObjectLimit() {
        return pipelineObjectLimit;
    }

    public record Opened(Entry entry, ReadStream<Buffer> stream) {
    }

    public Future<List<Entry>> list(ObjectScope scope) {
        return index.list(scope.scope(), scope.owner());
    }

    /**
     * Refuses early what would be refused after the upload anyway (a bad key, a declared size over the
     * limit, an existing key without force), so a client does not send a large body for nothing.
     */
    public Future<Void> precheck(ObjectScope scope, String key, Long declaredSize, boolean force) {
        ObjectKeys.check(key);
        if (declaredSize != null && declaredSize > sizeLimit) {
            return Future.failedFuture(LimitedWriteStream.tooLarge(sizeLimit));
        }
        if (force) {
            return Future.succeededFuture();
        }
        return index.get(scope.scope(), scope.owner(), key).compose(found -> found.isPresent()
                ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "object '" + key + "' already exists in "
                        + scope.describe() + "; put it with force=true to replace it"))
                : Future.succeededFuture());
    }

    /** Streams {@code body} into a staged upload, then publishes it under the key. {@code body} must be paused. */
    public Future<PutResult> put(ObjectScope scope, String key, ReadStream<Buffer> body, boolean force) {
        ObjectKeys.check(key);
        return backend.create(scope.location(key)).compose(upload -> {
            LimitedWriteStream limited = new LimitedWriteStream(upload.stream(), sizeLimit);
            int limit = scope instanceof ObjectScope.Pipeline ? pipelineObjectLimit : 0;
            return body.pipe().endOnFailure(false).endOnSuccess(false).to(limited)
                    .compose(v -> upload.seal())
                    .compose(v -> index.put(scope.scope(), scope.owner(), key, limited.written(), clock.getAsLong(), force, limit,
                            evicted -> evictionEvent(scope, evicted), upload::publish))
                    .onFailure(e -> upload.discard())
                    .compose(result -> evict(scope, result));
        });
    }

    /** Only pipelines have an object limit, so only pipeline objects are evicted. */
    private static NewEvent evictionEvent(ObjectScope scope, String key) {
        if (!(scope instanceof ObjectScope.Pipeline p)) {
            throw new IllegalStateException("only pipeline objects are evicted, not those of " + scope.describe());
        }
        return NewEvent.evictedPipelineObject(p.namespaceId(), p.pipelineId(), key);
    }

    private Future<PutResult> evict(ObjectScope scope, PutResult result) {
        Future<Void> chain = Future.succeededFuture();
        for (Entry e : result.evicted()) {
            // The index removed the key and recorded the event; the bytes go now. Reported in the put response too.
            LOG.info("object limit of {} reached in {}: evicted the oldest object '{}'", pipelineObjectLimit, scope.describe(), e.key());
            chain = chain.compose(v -> backend.delete(scope.location(e.key())));
        }
        return chain.map(result);
    }

    public Future<Opened> open(ObjectScope scope, String key) {
        ObjectKeys.check(key);
        return index.get(scope.scope(), scope.owner(), key).compose(found -> found.isEmpty()
                ? Future.failedFuture(notFound(scope, key))
                : backend.open(scope.location(key)).map(d -> new Opened(found.get(), d.stream())));
    }

    /** The whole object, for a task variable; refuses objects above {@code max} bytes. */
    public Future<Optional<Buffer>> readSmall(ObjectScope scope, String key, long max) {
        return index.get(scope.scope(), scope.owner(), key).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            if (found.get().size() > max) {
                return Future.failedFuture(GoferException.invalid("object '" + key + "' is " + found.get().size()
                        + " bytes; at most " + max + " can be passed as a variable"));
            }
            return backend.open(scope.location(key)).compose(d -> {
                Buffer all = Buffer.buffer((int) d.size());
                Promise<Optional<Buffer>> done = Promise.promise();
                d.stream().handler(all::appendBuffer).exceptionHandler(done::tryFail)
                        .endHandler(v -> done.tryComplete(Optional.of(all)));
                return done.future();
            });
        });
    }

    public Future<Void> delete(ObjectScope scope, String key) {
        ObjectKeys.check(key);
        return index.delete(scope.scope(), scope.owner(), key).compose(existed -> existed
                ? backend.delete(scope.location(key))
                : Future.failedFuture(notFound(scope, key)));
    }

    /** Copies every object of one scope into another (a retried run gets the objects of the run it retries). */
    public Future<Void> copyAll(ObjectScope from, ObjectScope to) {
        return list(from).compose(entries -> {
            Future<Void> chain = Future.succeededFuture();
            for (Entry e : entries) {
                chain = chain.compose(v -> open(from, e.key()))
                        .compose(opened -> {
                            opened.stream().pause();
                            return put(to, e.key(), opened.stream(), true);
                        }).mapEmpty();
            }
            return chain;
        });
    }

    public Future<Void> deleteAll(ObjectScope scope) {
        return index.deleteAll(scope.scope(), scope.owner()).compose(v -> backend.deleteAll(scope.prefix()));
    }

    /**
     * Deletes the stored bytes of a deleted pipeline's objects and its runs' objects (their index rows went with the
     * pipeline's rows). Idempotent.
     */
    public Future<Void> deleteFilesOfPipeline(String namespaceId, String pipelineId) {
        return backend.deleteAll(new ObjectScope.Pipeline(namespaceId, pipelineId).prefix())
                .compose(v -> backend.deleteAll("run/" + namespaceId + "/" + pipelineId));
    }

    /** Deletes the stored bytes of a deleted run's objects (their index rows went with the run's rows). Idempotent. */
    public Future<Void> deleteFilesOfRun(RunKey run) {
        return backend.deleteAll(new ObjectScope.Run(run).prefix());
    }

    /** {@link #deleteFilesOfRun} for each run, as one backend call (on the filesystem, one worker trip). */
    public Future<Void> deleteFilesOfRuns(List<RunKey> runs) {
        return backend.deleteEach(runs.stream().map(r -> new ObjectScope.Run(r).prefix()).toList());
    }

    /**
     * Deletes the objects of complete runs that have {@code run_object_expiry} or more newer runs, and marks
     * those runs {@code store_objects_expired}. Idempotent: called whenever a run of the pipeline starts or ends.
     * Rows go and marks are set in one transaction per {@link #EXPIRY_BATCH} runs; only the runs that had objects cost
     * a backend call (most runs have none).
     */
    public Future<List<RunKey>> expireRunObjects(String namespaceId, String pipelineId) {
        return index.runsToExpire(namespaceId, pipelineId, runObjectExpiry).compose(runs -> {
            List<Long> ids = runs.stream().map(RunKey::runId).toList();
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < ids.size(); from += EXPIRY_BATCH) {
                List<Long> batch = ids.subList(from, Math.min(ids.size(), from + EXPIRY_BATCH));
                chain = chain.compose(v -> index.expireRunObjectRows(namespaceId, pipelineId, batch))
                        .compose(withObjects -> withObjects.isEmpty() ? Future.succeededFuture()
                                : deleteFilesOfRuns(withObjects.stream().map(id -> new RunKey(namespaceId, pipelineId, id)).toList()));
            }
            return chain.map(runs);
        });
    }

    /**
     * Removes what interrupted uploads left in the backend: bytes under a location of this store's layout
     * ({@code <scope>/<owner>/<key>}) that have no index row. Anything else the backend holds is left alone.
     */
    public Future<Integer> sweepOrphans() {
        return backend.sweep(location -> {
            int first = location.indexOf('/');
            int last = location.lastIndexOf('/');
            boolean ours = first > 0 && last > first + 1 && List.of("pipeline", "run", "extension").contains(location.substring(0, first));
            return ours ? index.get(location.substring(0, first), location.substring(first + 1, last), location.substring(last + 1))
                    .map(Optional::isPresent) : Future.succeededFuture(true);
        });
    }

    /** Sweeps now (after the backend is prepared) and every {@code interval}; {@link #close} stops it. */
    public Future<Void> start(Vertx vertx, Duration interval) {
        return backend.prepare().onSuccess(v -> {
            sweepQuietly();
            sweepTimer = vertx.setPeriodic(interval.toMillis(), id -> sweepQuietly());
        });
    }

    private void sweepQuietly() {
        sweepOrphans().onFailure(e -> LOG.warn("sweeping orphaned object bytes failed (tried again later): {}", e.getMessage()));
    }

    /** Stops the sweeper and releases the backend (its connections and worker threads). */
    public void close(Vertx vertx) {
        vertx.cancelTimer(sweepTimer);
        backend.close();
    }

    private static GoferException notFound(ObjectScope scope, String key) {
        return GoferException.notFound("object '" + key + "' not found in " + scope.describe());
    }
}
