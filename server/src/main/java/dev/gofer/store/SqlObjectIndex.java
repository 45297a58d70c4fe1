package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** {@link ObjectIndex} in the {@code object_keys} table, on the same pool as the main store. */
public final class SqlObjectIndex implements ObjectIndex {
    private final SqlSupport sql;
    private final EventLog events;

    /** {@code events}: evictions are events, stored with the put that caused them. */
    public SqlObjectIndex(Pool pool, Dialect dialect, EventLog events) {
        this.sql = new SqlSupport(pool, dialect);
        this.events = events;
    }

    private static Entry entry(Row r) {
        return new Entry(r.getString("object_key"), r.getLong("created"), r.getLong("size"));
    }

    @Override
    public Future<List<Entry>> list(String scope, String owner) {
        return sql.list(sql.pool, SqlObjectIndex::entry,
                "SELECT * FROM object_keys WHERE scope = ? AND owner = ? ORDER BY created, object_key", scope, owner);
    }

    @Override
    public Future<Optional<Entry>> get(String scope, String owner, String key) {
        return sql.one(sql.pool, SqlObjectIndex::entry,
                "SELECT * FROM object_keys WHERE scope = ? AND owner = ? AND object_key = ?", scope, owner, key);
    }

    @Override
    public Future<PutResult> put(String scope, String owner, String key, long size, long now, boolean force, int limit,
                                 Function<String, NewEvent> evictionEvent, Supplier<Future<Void>> publish) {
        return events.transaction((conn, rec) -> sql.list(conn, SqlObjectIndex::entry,
                        "SELECT * FROM object_keys WHERE scope = ? AND owner = ? ORDER BY created, object_key", scope, owner)
                .compose(existing -> {
                    boolean exists = existing.stream().anyMatch(e -> e.key().equals(key));
                    if (exists && !force) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                                "object '" + key + "' already exists; put it with force=true to replace it"));
                    }
                    long newest = existing.stream().mapToLong(Entry::created).max().orElse(0);
                    Entry stored = new Entry(key, Math.max(now, newest + 1), size);
                    List<Entry> evicted = !exists && limit > 0 && existing.size() >= limit
                            ? List.copyOf(existing.subList(0, existing.size() - limit + 1)) : List.of();
                    Future<?> chain = Future.succeededFuture();
                    for (Entry e : evicted) {
                        chain = chain.compose(v -> sql.q(conn, "DELETE FROM object_keys WHERE scope = ? AND owner = ? AND object_key = ?",
                                scope, owner, e.key())).compose(v -> rec.record(evictionEvent.apply(e.key())));
                    }
                    return chain
                            .compose(v -> sql.q(conn, "DELETE FROM object_keys WHERE scope = ? AND owner = ? AND object_key = ?", scope, owner, key))
                            .compose(v -> sql.q(conn, "INSERT INTO object_keys (scope, owner, object_key, created, size) VALUES (?, ?, ?, ?, ?)",
                                    scope, owner, key, stored.created(), size))
                            .compose(v -> publish.get())
                            .map(v -> new PutResult(stored, evicted));
                }));
    }

    @Override
    public Future<Boolean> delete(String scope, String owner, String key) {
        return sql.pool.withTransaction(conn -> sql.q(conn,
                "DELETE FROM object_keys WHERE scope = ? AND owner = ? AND object_key = ?", scope, owner, key)
                .map(rows -> rows.rowCount() > 0));
    }

    @Override
    public Future<List<Entry>> deleteAll(String scope, String owner) {
        return sql.pool.withTransaction(conn -> sql.list(conn, SqlObjectIndex::entry,
                        "SELECT * FROM object_keys WHERE scope = ? AND owner = ?", scope, owner)
                .compose(all -> sql.q(conn, "DELETE FROM object_keys WHERE scope = ? AND owner = ?", scope, owner).map(all)));
    }

    /**
     * Read at every run's start and end, in one trip (the pipeline's newest run id is a subquery): through the index
     * of runs not yet expired (migration 11), so it visits ~20 rows however long the pipeline's history is
     * ({@code QueryPlansTest}).
     */
    static final String RUNS_TO_EXPIRE = "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ?"
            + " AND run_id <= (SELECT last_run_id FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?) - ?"
            + " AND state = ? AND store_objects_expired = 0 ORDER BY run_id";

    @Override
    public Future<List<RunKey>> runsToExpire(String ns, String pipelineId, int newerRuns) {
        return sql.list(sql.pool, r -> new RunKey(ns, pipelineId, r.getLong("run_id")), RUNS_TO_EXPIRE,
                ns, pipelineId, ns, pipelineId, newerRuns, RunState.COMPLETE.wire());
    }

    /** The {@code owner} of a run's object rows: the form of {@code objects.ObjectScope.Run#owner}. */
    static String runOwner(String ns, String pipelineId, long runId) {
        return ns + "/" + pipelineId + "/" + runId;
    }

    /**
     * One transaction for the whole list, its two statements sent together: a run without objects (most runs) costs
     * its share of one UPDATE, not a transaction of its own.
     */
    @Override
    public Future<List<Long>> expireRunObjectRows(String ns, String pipelineId, List<Long> runIds) {
        if (runIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<String> owners = runIds.stream().map(id -> runOwner(ns, pipelineId, id)).toList();
        return Transactions.run(sql.pool, conn -> {
            Future<List<String>> removed = sql.list(conn, r -> r.getString("owner"),
                    "DELETE FROM object_keys WHERE scope = 'run' AND owner IN " + SqlSupport.marks(owners.size()) + " RETURNING owner",
                    owners.toArray());
            Future<?> marked = sql.q(conn, "UPDATE runs SET store_objects_expired = 1 WHERE namespace_id = ? AND pipeline_id = ? AND run_id IN "
                    + SqlSupport.marks(runIds.size()), SqlSupport.args(List.of(ns, pipelineId), runIds));
            return Future.all(removed, marked).map(v -> {
                Set<String> hadRows = Set.copyOf(removed.result());
                return IntStream.range(0, runIds.size()).filter(i -> hadRows.contains(owners.get(i))).mapToObj(runIds::get).toList();
            });
        });
    }
}
