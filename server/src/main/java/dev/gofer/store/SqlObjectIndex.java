package dev.gofer.store;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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

    @Override
    public Future<List<RunKey>> runsToExpire(String ns, String pipelineId, int newerRuns) {
        return sql.list(sql.pool, r -> new RunKey(ns, pipelineId, r.getLong("run_id")),
                "SELECT run_id FROM runs WHERE namespace_id = ? AND pipeline_id = ? AND state = ? AND store_objects_expired = 0"
                        + " AND run_id <= (SELECT last_run_id FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?) - ? ORDER BY run_id",
                ns, pipelineId, RunState.COMPLETE.wire(), ns, pipelineId, newerRuns);
    }

    /** Runs per statement of {@link #expireRuns}: well under both databases' limit on parameters. */
    private static final int RUNS_PER_STATEMENT = 500;

    @Override
    public Future<Void> expireRuns(List<RunKey> runs) {
        return Transactions.run(sql.pool, conn -> {
            List<Future<?>> statements = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += RUNS_PER_STATEMENT) {
                List<RunKey> part = runs.subList(from, Math.min(runs.size(), from + RUNS_PER_STATEMENT));
                Object[] owners = part.stream().map(SqlObjectIndex::runOwner).toArray();
                statements.add(sql.q(conn, "DELETE FROM object_keys WHERE scope = 'run' AND owner IN " + marks(part.size()), owners));
                for (RunKey run : part) {
                    statements.add(sql.q(conn, "UPDATE runs SET store_objects_expired = 1 WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ?",
                            run.namespaceId(), run.pipelineId(), run.runId()));
                }
            }
            // issued together: the connection runs them in order, one round trip for all
            return Future.all(statements).mapEmpty();
        });
    }

    /** The {@code owner} of a run's object rows (scope {@code run}): as {@code objects.ObjectScope.Run} names it. */
    static String runOwner(RunKey run) {
        return run.namespaceId() + "/" + run.pipelineId() + "/" + run.runId();
    }

    /** {@code (?, ?, ...)} with n marks. */
    private static String marks(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
}
