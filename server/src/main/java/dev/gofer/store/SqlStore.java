package dev.gofer.store;

import java.time.Duration;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.GoferException;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.WaitingFor;
import dev.gofer.sdk.config.PipelineConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * {@link Store} in SQL through a Vert.x {@link Pool}, so the same code serves SQLite (JDBC pool) and,
 * later, PostgreSQL. Statements use {@code ?} placeholders; a dialect rewrites them where needed.
 */
public final class SqlStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(SqlStore.class);
    /** Runs and pages of runs remembered (see ReadCache): ~1 KB a run, so a few MB at most. */
    private static final int CACHED_RUNS = 1024;
    private static final int CACHED_RUNS_PAGES = 64;
    /** How long a change made behind this server's back (not through it) may go unseen by the run reads. */
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private final Pool pool;
    private final Dialect dialect;
    private final EventLog events;
    private final SqlSupport support;
    private final RunRowWrites runRows;
    /** {@code GET run} and {@code GET runs}, answered from memory while nothing was written since (see ReadCache). */
    private final ReadCache<RunKey, Optional<Run>> runReads;
    private final ReadCache<RunsPage, List<Run>> runsPages;

    private record RunsPage(String namespaceId, String pipelineId, int limit, int offset, boolean newestFirst) {
    }

    /** Changes that are events (runs, tasks, pipelines, deployments) record them in their own transaction. */
    public SqlStore(Pool pool, Dialect dialect, EventLog events) {
        this.pool = pool;
        this.dialect = dialect;
        this.events = events;
        this.support = new SqlSupport(pool, dialect);
        this.runRows = new RunRowWrites(support);
        WriteGeneration writes = pool instanceof SplitPool split ? split.writes() : WriteGeneration.untracked();
        this.runReads = new ReadCache<>(writes, CACHED_RUNS, CACHE_TTL, System::currentTimeMillis);
        this.runsPages = new ReadCache<>(writes, CACHED_RUNS_PAGES, CACHE_TTL, System::currentTimeMillis);
    }

    /** The pool, for the smaller stores of other packages (e.g. extensions) that share this database. */
    public Pool pool() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    private Future<RowSet<Row>> q(SqlClient client, String sql, Object... args) {
        return support.q(client, sql, args);
    }

    private Future<Void> write(String sql, Object... args) {
        return support.write(sql, args);
    }

    private <T> Future<List<T>> list(SqlClient client, Function<Row, T> mapper, String sql, Object... args) {
        return support.list(client, mapper, sql, args);
    }

    private <T> Future<List<T>> rows(SqlClient client, BiFunction<Columns, Row, T> mapper, String sql, Object... args) {
        return support.rows(client, mapper, sql, args);
    }

    private <T> Future<Optional<T>> one(SqlClient client, Function<Row, T> mapper, String sql, Object... args) {
        return support.one(client, mapper, sql, args);
    }

    private <T> Future<Optional<T>> row(SqlClient client, BiFunction<Columns, Row, T> mapper, String sql, Object... args) {
        return support.row(client, mapper, sql, args);
    }

    @Override
    public Future<Void> migrate() {
        return migrate(Migrations.ALL);
    }

    /**
     * Applies the steps of {@code known} that the database lacks, in version order, in one transaction: the schema is
     * at the version before or at the newest, never between (and a first start commits once, not once per step).
     */
    Future<Void> migrate(List<Migrations.Migration> known) {
        int latest = Migrations.latest(known);
        return write("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied BIGINT NOT NULL)")
                .compose(v -> list(pool, r -> r.getInteger("version"), "SELECT version FROM schema_migrations"))
                .compose(applied -> {
                    int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
                    if (newest > latest) {
                        return Future.failedFuture(new IllegalStateException("the database schema is at version " + newest
                                + " but this Gofer knows versions up to " + latest
                                + ": it was written by a newer Gofer; run that version (or newer) instead"));
                    }
                    List<Migrations.Migration> pending = known.stream().filter(m -> !applied.contains(m.version()))
                            .sorted(Comparator.comparingInt(Migrations.Migration::version)).toList();
                    if (pending.isEmpty()) {
                        return Future.<Void>succeededFuture();
                    }
                    return pool.withTransaction(conn -> {
                        Future<Void> chain = Future.succeededFuture();
                        for (Migrations.Migration m : pending) {
                            chain = chain.compose(v -> {
                                LOG.info("applying schema migration {}: {}", m.version(), m.description());
                                return apply(conn, m);
                            });
                        }
                        return chain;
                    });
                });
    }

    private Future<Void> apply(SqlConnection conn, Migrations.Migration m) {
        Future<?> chain = Future.succeededFuture();
        for (String statement : m.statements(dialect)) {
            chain = chain.compose(v -> q(conn, statement));
        }
        return chain.compose(v -> q(conn, "INSERT INTO schema_migrations (version, description, applied) VALUES (?, ?, ?)",
                m.version(), m.description(), System.currentTimeMillis())).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return pool.close();
    }

    /**
     * Takes the next value of one of the pipeline's counters. The UPDATE locks the pipeline row until the
     * transaction ends, so concurrent callers get distinct values on every store.
     */
    private Future<Long> next(SqlConnection conn, String counter, String ns, String id) {
        // one statement: RETURNING (SQLite 3.35+, PostgreSQL) gives the value the UPDATE wrote
        return one(conn, r -> r.getLong("n"), "UPDATE pipelines SET " + counter + " = " + counter
                        + " + 1 WHERE namespace_id = ? AND pipeline_id = ? RETURNING " + counter + " AS n", ns, id)
                .map(n -> n.orElseThrow(() -> GoferException.notFound("pipeline '" + id + "' not found in namespace '" + ns
                        + "' (it was deleted meanwhile)")));
    }

    // ---- namespaces

    private static Namespace namespace(Row r) {
        return new Namespace(r.getString("id"), r.getString("name"), r.getString("description"),
                r.getLong("created"), r.getLong("modified"));
    }

    @Override
    public Future<List<Namespace>> namespaces() {
        return list(pool, SqlStore::namespace, "SELECT * FROM namespaces ORDER BY id");
    }

    @Override
    public Future<Optional<Namespace>> namespace(String id) {
        return one(pool, SqlStore::namespace, "SELECT * FROM namespaces WHERE id = ?", id);
    }

    @Override
    public Future<Void> ensureNamespace(Namespace ns) {
        return write("INSERT INTO namespaces (id, name, description, created, modified) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                ns.id(), ns.name(), ns.description(), ns.created(), ns.modified()).mapEmpty();
    }

    // ---- pipelines, configs, deployments

    private static PipelineMetadata pipeline(Row r) {
        return new PipelineMetadata(r.getString("namespace_id"), r.getString("pipeline_id"), r.getString("state"),
                r.getLong("created"), r.getLong("modified"));
    }

    private static ConfigVersion config(Row r) {
        return new ConfigVersion(r.getString("namespace_id"), r.getString("pipeline_id"), r.getLong("version"),
                JsonColumns.read(r.getString("config"), PipelineConfig.class), r.getString("state"),
                r.getLong("registered"), r.getLong("deprecated"));
    }

    @Override
    public Future<List<PipelineMetadata>> pipelines(String ns) {
        return list(pool, SqlStore::pipeline, "SELECT * FROM pipelines WHERE namespace_id = ? ORDER BY pipeline_id", ns);
    }

    @Override
    public Future<Optional<PipelineMetadata>> pipeline(String ns, String id) {
        return one(pool, SqlStore::pipeline, "SELECT * FROM pipelines WHERE namespace_id = ? AND pipeline_id = ?", ns, id);
    }

    @Override
    public Future<ConfigVersion> registerConfig(String ns, PipelineConfig config, long now) {
        String id = config.id();
        // a pipeline of the same id that was just deleted may still have files being removed: they must not take the new one's
        return events.transaction((conn, rec) -> q(conn, "SELECT 1 FROM pending_file_removals WHERE namespace_id = ? AND pipeline_id = ? AND run_id = 0", ns, id)
                .compose(deleting -> deleting.size() > 0 ? Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                        "pipeline '" + id + "' was deleted and its logs and objects are still being removed; register it again in a moment"))
                        : q(conn, "INSERT INTO pipelines (namespace_id, pipeline_id, state, created, modified) VALUES (?, ?, ?, ?, 0) ON CONFLICT (namespace_id, pipeline_id) DO NOTHING",
                        ns, id, PipelineMetadata.ACTIVE, now))
                .compose(inserted -> inserted.rowCount() > 0 ? rec.record(NewEvent.createdPipeline(ns, id)) : Future.succeededFuture())
                .compose(v -> next(conn, "last_config_version", ns, id))
                .compose(next -> {
                    ConfigVersion stored = new ConfigVersion(ns, id, next, config, ConfigVersion.UNRELEASED, now, 0);
                    return q(conn, "INSERT INTO pipeline_configs (namespace_id, pipeline_id, version, config, state, registered, deprecated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            ns, id, stored.version(), JsonColumns.write(config), stored.state(), now, 0L)
                            .compose(v -> rec.record(NewEvent.registeredConfig(ns, id, stored.version()))).map(stored);
                })).recover(StoreErrors.vanished("namespace '" + ns + "' not found (it was deleted while the config was being registered)"));
    }

    @Override
    public Future<List<ConfigVersion>> configs(String ns, String id) {
        return list(pool, SqlStore::config,
                "SELECT * FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? ORDER BY version", ns, id);
    }

    @Override
    public Future<Optional<ConfigVersion>> config(String ns, String id, long version) {
        if (version == 0) {
            return one(pool, SqlStore::config,
                    "SELECT * FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? ORDER BY version DESC LIMIT 1", ns, id);
        }
        return one(pool, SqlStore::config,
                "SELECT * FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? AND version = ?", ns, id, version);
    }

    @Override
    public Future<Optional<ConfigVersion>> liveConfig(String ns, String id) {
        return one(pool, SqlStore::config,
                "SELECT * FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? AND state = ?", ns, id, ConfigVersion.LIVE);
    }

    @Override
    public Future<Deployment> deploy(String ns, String id, long version, long now) {
        return events.transaction((conn, rec) -> one(conn, r -> r.getLong("version"),
                        "SELECT version FROM pipeline_configs WHERE namespace_id = ? AND pipeline_id = ? AND state = ?", ns, id, ConfigVersion.LIVE)
                .compose(live -> {
                    long from = live.orElse(version);
                    Future<?> deprecate = from == version ? Future.succeededFuture()
                            : q(conn, "UPDATE pipeline_configs SET state = ?, deprecated = ? WHERE namespace_id = ? AND pipeline_id = ? AND version = ?",
                                    ConfigVersion.DEPRECATED, now, ns, id, from);
                    return deprecate
                            .compose(v -> q(conn, "UPDATE pipeline_configs SET state = ?, deprecated = 0 WHERE namespace_id = ? AND pipeline_id = ? AND version = ?",
                                    ConfigVersion.LIVE, ns, id, version))
                            .compose(v -> next(conn, "last_deployment_id", ns, id))
                            .compose(next -> {
                                Deployment d = new Deployment(ns, id, next, from, version, now, now, "Complete", "Successful");
                                return q(conn, "INSERT INTO deployments (namespace_id, pipeline_id, deployment_id, start_version, end_version, started, ended, state, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        ns, id, d.deploymentId(), d.startVersion(), d.endVersion(), d.started(), d.ended(), d.state(), d.status())
                                        .compose(v -> rec.record(NewEvent.startedDeployment(ns, id, from, version)))
                                        .compose(v -> rec.record(NewEvent.completedDeployment(ns, id, from, version))).map(d);
                            });
                })).recover(StoreErrors.vanished("pipeline '" + id + "' not found in namespace '" + ns + "' (it was deleted meanwhile)"));
    }

    // ---- runs and task executions

    @Override
    public Future<NewRun> createRun(String ns, String id, LongFunction<NewRun> plan) {
        return events.transaction((conn, rec) -> next(conn, "last_run_id", ns, id)
                        .compose(next -> runRows.insert(conn, rec, plan.apply(next))))
                .recover(StoreErrors.vanished("pipeline '" + id + "' not found in namespace '" + ns + "' (it was deleted meanwhile)"));
    }

    @Override
    public Future<Void> updateRun(Run run) {
        return update(List.of(new Change.OfRun(run)));
    }

    @Override
    public Future<Void> updateTask(TaskExecution t) {
        return update(List.of(new Change.OfTask(t)));
    }

    @Override
    public Future<Void> update(List<Change> changes) {
        if (changes.isEmpty()) {
            return Future.succeededFuture();
        }
        // rows gone meanwhile (a deleted run) are left out and the rest written again: no event of a row that is not there
        return events.transaction((conn, rec) -> runRows.update(conn, rec, changes))
                .recover(e -> e instanceof RunRowWrites.RowsGone gone ? update(gone.existing()) : Future.failedFuture(e));
    }

    @Override
    public Future<Void> updateWaiting(RunKey k, WaitingFor why) {
        // not an event: it changes whenever the runs ahead do; only a pending run's row is touched
        return write("UPDATE runs SET waiting_for = ? WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND state = ?",
                JsonColumns.write(why), k.namespaceId(), k.pipelineId(), k.runId(), RunState.PENDING.wire());
    }

    @Override
    public Future<List<Run>> runs(String ns, String id, int limit, int offset, boolean newestFirst) {
        return runsPages.get(new RunsPage(ns, id, limit, offset, newestFirst), () -> rows(pool, RunRows::run,
                "SELECT * FROM runs WHERE namespace_id = ? AND pipeline_id = ? ORDER BY run_id "
                        + (newestFirst ? "DESC" : "ASC") + " LIMIT ? OFFSET ?", ns, id, limit, offset).map(List::copyOf));
    }

    @Override
    public Future<Optional<Run>> run(RunKey k) {
        return runReads.get(k, () -> row(pool, RunRows::run, "SELECT * FROM runs WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ?",
                k.namespaceId(), k.pipelineId(), k.runId()));
    }

    @Override
    public Future<List<Run>> unfinishedRuns() {
        return rows(pool, RunRows::run, "SELECT * FROM runs WHERE state <> ?", RunState.COMPLETE.wire());
    }

    @Override
    public Future<List<TaskExecution>> tasks(RunKey k) {
        return rows(pool, RunRows::task, "SELECT * FROM task_executions WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? ORDER BY created, task_id",
                k.namespaceId(), k.pipelineId(), k.runId());
    }

    @Override
    public Future<Optional<TaskExecution>> task(TaskKey k) {
        return row(pool, RunRows::task, "SELECT * FROM task_executions WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ? AND task_id = ?",
                k.namespaceId(), k.pipelineId(), k.runId(), k.taskId());
    }
}
