package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Deployment;
import dev.gofer.model.Initiator;
import dev.gofer.model.Namespace;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.model.Variable;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.RequiredParentStatus;
import dev.gofer.sdk.config.TaskConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same storage suite against both stores: SQLite (embedded default) and PostgreSQL. */
class StoreContractTest extends WithDatabases {
    /** A migrated store of the given kind; {@code setting} is reused to reopen the same database. */
    private record Opened(SqlStore store, ServerSettings settings) {
    }

    private Opened open(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-store", vertx, cleanups);
        return new Opened(reopen(settings), settings);
    }

    private SqlStore reopen(ServerSettings settings) {
        Stores.Opened db = Stores.open(vertx, settings, event -> { });
        SqlStore store = db.store();
        await(store.migrate());
        await(db.events().init());
        await(store.ensureNamespace(new Namespace("default", "Default", "", 1, 0)));
        return store;
    }

    private static PipelineConfig config(String id, String... tasks) {
        PipelineConfig.Builder b = PipelineConfig.builder(id, "Pipeline " + id);
        String previous = null;
        for (String t : tasks) {
            TaskConfig.Builder task = TaskConfig.builder(t, "busybox:latest").command("true").variable("K", "v");
            if (previous != null) {
                task.dependsOn(previous, RequiredParentStatus.SUCCESS);
            }
            b.task(task);
            previous = t;
        }
        return b.build();
    }

    private static Store.NewRun newRun(ConfigVersion config, long runId) {
        RunKey key = new RunKey(config.namespaceId(), config.pipelineId(), runId);
        Run run = new Run(key, config.version(), 100, 0, RunState.PENDING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS,
                List.of(new Variable("V", "x", Variable.RUN_OPTIONS)));
        List<TaskExecution> tasks = config.config().tasks().stream().map(t -> new TaskExecution(key.task(t.id()), t, 100, 0, 0,
                null, TaskState.PROCESSING, TaskStatus.UNKNOWN, null, List.of(new Variable("K", "v", Variable.PIPELINE_CONFIG)),
                false, false)).toList();
        return new Store.NewRun(run, tasks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void migratingTwiceChangesNothingAndTheDefaultNamespaceExistsOnce(String kind) throws Exception {
        Opened db = open(kind);
        await(db.store().migrate());
        await(db.store().ensureNamespace(new Namespace("default", "Other name", "", 2, 0)));
        List<Namespace> namespaces = await(db.store().namespaces());
        assertEquals(1, namespaces.size());
        assertEquals("Default", namespaces.get(0).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void configVersionsCountUpAndDeployingMovesTheLiveVersion(String kind) throws Exception {
        Store store = open(kind).store();
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        ConfigVersion v2 = await(store.registerConfig("default", config("app", "a", "b"), 20));
        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals(ConfigVersion.UNRELEASED, v2.state());
        assertEquals(2, await(store.config("default", "app", 0)).orElseThrow().version(), "0 means latest");
        assertTrue(await(store.liveConfig("default", "app")).isEmpty());

        Deployment first = await(store.deploy("default", "app", 1, 30));
        Deployment second = await(store.deploy("default", "app", 2, 40));
        assertEquals(1, first.deploymentId());
        assertEquals(2, second.deploymentId());
        assertEquals(1, second.startVersion());
        assertEquals(2, await(store.liveConfig("default", "app")).orElseThrow().version());
        List<ConfigVersion> all = await(store.configs("default", "app"));
        assertEquals(ConfigVersion.DEPRECATED, all.get(0).state());
        assertEquals(40, all.get(0).deprecated());
        assertEquals(List.of("a", "b"), all.get(1).config().tasks().stream().map(TaskConfig::id).toList());
        assertEquals(RequiredParentStatus.SUCCESS, all.get(1).config().tasks().get(1).dependsOn().get("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void runsAndTaskExecutionsRoundTripEveryField(String kind) throws Exception {
        Store store = open(kind).store();
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a", "b"), 10));
        Run run = await(store.createRun("default", "app", id -> newRun(v1, id))).run();
        assertEquals(1, run.key().runId());

        await(store.updateRun(run.running()));
        List<TaskExecution> tasks = await(store.tasks(run.key()));
        assertEquals(2, tasks.size());
        TaskExecution a = tasks.get(0).moveTo(TaskState.WAITING).running(150)
                .complete(TaskStatus.FAILED, new StatusReason(StatusReason.ABNORMAL_EXIT, "exit 3"), 3, 200);
        await(store.updateTask(a));
        await(store.updateRun(run.running().complete(RunStatus.FAILED, new StatusReason("abnormal_exit", "failed tasks: a"), 300)));

        TaskExecution read = await(store.task(a.key())).orElseThrow();
        assertEquals(a.exitCode(), read.exitCode());
        assertEquals(TaskStatus.FAILED, read.status());
        assertEquals("exit 3", read.statusReason().description());
        assertEquals(150, read.started());
        assertEquals(List.of(new Variable("K", "v", Variable.PIPELINE_CONFIG)), read.variables());
        TaskExecution untouched = await(store.task(tasks.get(1).key())).orElseThrow();
        assertNull(untouched.exitCode());
        assertNull(untouched.statusReason());
        Run done = await(store.run(run.key())).orElseThrow();
        assertEquals(RunState.COMPLETE, done.state());
        assertEquals(300, done.ended());
        assertEquals("x", done.variables().get(0).value());
        assertTrue(await(store.unfinishedRuns()).isEmpty());
    }

    /** A store of that kind whose committed events' kinds are added to {@code published}, in order. */
    private Store publishingTo(String kind, List<String> published) throws Exception {
        Stores.Opened watched = Stores.open(vertx, open(kind).settings(), event -> published.add(event.kind()));
        await(watched.events().init());
        return watched.store();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void severalChangesAreStoredTogetherWithTheirEventsInOrder(String kind) throws Exception {
        List<String> published = new ArrayList<>();
        Store store = publishingTo(kind, published);
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        Run run = await(store.createRun("default", "app", id -> newRun(v1, id))).run();
        TaskExecution a = await(store.tasks(run.key())).get(0).moveTo(TaskState.WAITING).running(150)
                .complete(TaskStatus.SUCCESSFUL, null, 0, 200);
        Run done = run.running().complete(RunStatus.SUCCESSFUL, null, 300);
        published.clear();

        await(store.update(List.of(new Store.Change.OfRun(run.running()), new Store.Change.OfTask(a), new Store.Change.OfRun(done))));

        assertEquals(TaskState.COMPLETE, await(store.task(a.key())).orElseThrow().state());
        assertEquals(300, await(store.run(run.key())).orElseThrow().ended());
        assertEquals(List.of("started_run", "completed_task_execution", "completed_run"), published,
                "one event per change, in the order of the changes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void anUpdateNamingARunThatIsGoneWritesTheRestAndNoEventOfTheGoneRun(String kind) throws Exception {
        List<String> published = new ArrayList<>();
        Stores.Opened db = Stores.open(vertx, open(kind).settings(), e -> published.add(e.kind() + " " + e.details().getLong("run_id")));
        await(db.events().init());
        Store store = db.store();
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        Run gone = await(store.createRun("default", "app", id -> newRun(v1, id))).run();
        Run kept = await(store.createRun("default", "app", id -> newRun(v1, id))).run();
        TaskExecution goneTask = await(store.tasks(gone.key())).get(0).moveTo(TaskState.WAITING).running(150);
        TaskExecution keptTask = await(store.tasks(kept.key())).get(0).moveTo(TaskState.WAITING).running(150);
        // deleted between the driver's decision and its write (its pipeline was deleted, say)
        for (String table : List.of("task_executions", "runs")) {
            await(db.pool().withTransaction(conn -> conn.preparedQuery(db.dialect().apply("DELETE FROM " + table
                    + " WHERE namespace_id = ? AND pipeline_id = ? AND run_id = ?")).execute(io.vertx.sqlclient.Tuple.of("default", "app", gone.key().runId()))));
        }
        published.clear();

        await(store.update(List.of(new Store.Change.OfTask(goneTask), new Store.Change.OfRun(gone.running()),
                new Store.Change.OfTask(keptTask), new Store.Change.OfRun(kept.running()))));

        assertEquals(TaskState.RUNNING, await(store.task(keptTask.key())).orElseThrow().state());
        assertEquals(RunState.RUNNING, await(store.run(kept.key())).orElseThrow().state());
        assertTrue(await(store.run(gone.key())).isEmpty(), "the gone run stays gone");
        long k = kept.key().runId();
        assertEquals(List.of("started_task_execution " + k, "started_run " + k), published, "the kept run's events, once each");
        assertEquals(List.of(), await(db.events().after(null, 1000)).stream()
                .filter(e -> e.kind().startsWith("started_") && e.details().getLong("run_id") == gone.key().runId()).toList(),
                "no event of the gone run stored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRunCreatedRunningGetsItsStartedEventAfterItsTasks(String kind) throws Exception {
        List<String> published = new ArrayList<>();
        Store store = publishingTo(kind, published);
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a", "b"), 10));
        published.clear();

        Run run = await(store.createRun("default", "app", id -> {
            Store.NewRun plan = newRun(v1, id);
            return plan.with(plan.run().admitted(150, 0));
        })).run();

        assertEquals(RunState.RUNNING, await(store.run(run.key())).orElseThrow().state());
        assertEquals(150, await(store.run(run.key())).orElseThrow().started());
        assertEquals(List.of("queued_run", "created_task_execution", "created_task_execution", "started_run"), published,
                "the order a queued run's events have once it is admitted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRunOfMoreTasksThanOneInsertHoldsStoresEveryTaskAndItsEvent(String kind) throws Exception {
        List<String> published = new ArrayList<>();
        Store store = publishingTo(kind, published);
        String[] ids = new String[501]; // the tasks of a run are inserted 500 to a statement
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "t" + i;
        }
        ConfigVersion v1 = await(store.registerConfig("default", config("big", ids), 10));
        published.clear();

        Store.NewRun created = await(store.createRun("default", "big", id -> newRun(v1, id)));

        List<TaskExecution> stored = await(store.tasks(created.run().key()));
        assertEquals(created.tasks(), stored.stream().sorted(java.util.Comparator.comparingInt(
                t -> Integer.parseInt(t.key().taskId().substring(1)))).toList(), "createRun returns what it stored");
        assertEquals(502, published.size(), "queued_run and one created_task_execution per task");
        assertEquals("queued_run", published.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void listingRunsPagesInBothOrders(String kind) throws Exception {
        Store store = open(kind).store();
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        for (int i = 0; i < 5; i++) {
            await(store.createRun("default", "app", id -> newRun(v1, id))).run();
        }
        assertEquals(List.of(5L, 4L), await(store.runs("default", "app", 2, 0, true)).stream().map(r -> r.key().runId()).toList());
        assertEquals(List.of(3L, 4L), await(store.runs("default", "app", 2, 2, false)).stream().map(r -> r.key().runId()).toList());
        assertEquals(5, await(store.unfinishedRuns()).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void fiftyConcurrentStartsGetFiftyDistinctRunIds(String kind) throws Exception {
        Store store = open(kind).store();
        ConfigVersion v1 = await(store.registerConfig("default", config("busy", "a", "b"), 10));
        List<Future<Store.NewRun>> starts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            starts.add(store.createRun("default", "busy", id -> newRun(v1, id)));
        }
        Set<Long> ids = new HashSet<>();
        for (Future<Store.NewRun> f : starts) {
            ids.add(await(f).run().key().runId());
        }
        assertEquals(50, ids.size());
        assertEquals(50L, ids.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(100, await(store.runs("default", "busy", 1000, 0, false)).stream()
                .mapToInt(r -> await(store.tasks(r.key())).size()).sum(), "every run has both task executions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void everyWriteSurvivesReopening(String kind) throws Exception {
        Opened db = open(kind);
        ConfigVersion v1 = await(db.store().registerConfig("default", config("app", "a"), 10));
        Run run = await(db.store().createRun("default", "app", id -> newRun(v1, id))).run();
        await(db.store().deploy("default", "app", 1, 11));
        // standalone writes after a transaction: the JDBC pool once left these uncommitted
        await(db.store().updateRun(run.running()));
        await(db.store().close());

        Store again = reopen(db.settings());
        assertEquals(RunState.RUNNING, await(again.run(run.key())).orElseThrow().state());
        assertEquals(ConfigVersion.LIVE, await(again.liveConfig("default", "app")).orElseThrow().state());
        await(again.close());
    }

    /** The failure of {@code f}, which must fail. */
    private static Throwable failure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static void assertNotFound(Throwable failure, String... expectedInMessage) {
        assertTrue(failure instanceof dev.gofer.model.GoferException g && g.kind() == dev.gofer.model.GoferException.Kind.NOT_FOUND,
                "a vanished parent is NOT_FOUND, not a database error: " + failure);
        for (String expected : expectedInMessage) {
            assertTrue(failure.getMessage().contains(expected), "'" + expected + "' missing from: " + failure.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRunWhoseTaskRowsFailIsNotStoredAtAll(String kind) throws Exception {
        List<String> published = new ArrayList<>();
        Store store = publishingTo(kind, published);
        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        published.clear();
        // the run, its tasks and its events are issued together: a task row that breaks the key must undo them all
        failure(store.createRun("default", "app", id -> {
            Store.NewRun plan = newRun(v1, id);
            return new Store.NewRun(plan.run(), List.of(plan.tasks().get(0), plan.tasks().get(0)));
        }));

        assertEquals(List.of(), published, "no event of a rolled-back run");
        assertEquals(List.of(), await(store.runs("default", "app", 10, 0, true)));
        assertEquals(1, await(store.createRun("default", "app", id -> newRun(v1, id))).run().key().runId(),
                "the run id was not used up either");
    }

    /** {@link Transactions#run} sends statements behind BEGIN, before its answer: still one transaction. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void workSentBehindBeginCommitsOrRollsBackAsOneAndReturnsItsConnection(String kind) throws Exception {
        Pool pool = open(kind).store().pool();
        await(Transactions.run(pool, conn -> conn.query("CREATE TABLE tx_probe (x INTEGER PRIMARY KEY)").execute()));

        // both inserts go out at once; the second breaks the key: the first must not stay
        failure(Transactions.run(pool, conn -> Future.all(probe(conn, 1), probe(conn, 1))));
        assertEquals(0, probes(pool), "the first insert was rolled back with the failed one");

        // work that throws after sending a statement: rolled back, and its connection released (more times than
        // the pool has connections: SQLite's writer pool has one)
        for (int i = 0; i < 5; i++) {
            failure(Transactions.<Void>run(pool, conn -> {
                probe(conn, 2);
                throw new IllegalStateException("work failed after its first statement");
            }));
        }
        assertEquals(0, probes(pool), "the statement sent before the work threw was rolled back");

        await(Transactions.run(pool, conn -> Future.all(probe(conn, 1), probe(conn, 2))));
        assertEquals(2, probes(pool), "committed");
    }

    private static Future<Void> probe(SqlConnection conn, int x) {
        return conn.query("INSERT INTO tx_probe (x) VALUES (" + x + ")").execute().mapEmpty();
    }

    private static int probes(Pool pool) {
        return await(pool.query("SELECT COUNT(*) AS n FROM tx_probe").execute()).iterator().next().getInteger(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void writesUnderAParentThatIsGoneAreNotFoundNamingIt(String kind) throws Exception {
        Opened db = open(kind);
        Store store = db.store();
        // a namespace deleted between the API's check and the write: the insert breaks the pipelines -> namespaces key
        assertNotFound(failure(store.registerConfig("vanished", config("app", "a"), 10)), "namespace 'vanished' not found");
        assertNotFound(failure(store.createRun("default", "nope", id -> { throw new AssertionError("no run id for a missing pipeline"); })),
                "pipeline 'nope' not found in namespace 'default'");
        assertNotFound(failure(store.deploy("default", "nope", 1, 10)), "pipeline 'nope'");
        assertTrue(await(store.pipelines("vanished")).isEmpty(), "nothing was written");

        ConfigVersion v1 = await(store.registerConfig("default", config("app", "a"), 10));
        assertEquals(1, v1.version(), "writes under an existing parent still work");
        // the raw violation, as each database reports it, is recognised (and anything else is not)
        Throwable raw = failure(db.store().pool().withTransaction(conn -> conn.preparedQuery(db.store().dialect().apply(
                "INSERT INTO pipelines (namespace_id, pipeline_id, state, created, modified) VALUES (?, ?, ?, ?, 0)"))
                .execute(io.vertx.sqlclient.Tuple.of("gone", "p", "active", 1L))));
        assertTrue(StoreErrors.isForeignKeyViolation(raw), "not recognised as a foreign-key violation: " + raw);
        Throwable duplicate = failure(db.store().pool().withTransaction(conn -> conn.preparedQuery(db.store().dialect().apply(
                "INSERT INTO pipelines (namespace_id, pipeline_id, state, created, modified) VALUES (?, ?, ?, ?, 0)"))
                .execute(io.vertx.sqlclient.Tuple.of("default", "app", "active", 1L))));
        assertFalse(StoreErrors.isForeignKeyViolation(duplicate), "a duplicate key is not a vanished parent: " + duplicate);
    }

    /** An upgrade applies every new step or none: a step that fails leaves the steps before it unapplied too. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void pendingMigrationsApplyTogetherOrNotAtAll(String kind) throws Exception {
        Opened db = open(kind);
        int latest = Migrations.latest();
        List<Migrations.Migration> next = new ArrayList<>(Migrations.ALL);
        next.add(new Migrations.Migration(latest + 1, "a table", List.of("CREATE TABLE probe_applied (id INTEGER)")));
        next.add(new Migrations.Migration(latest + 2, "a broken step", List.of("CREATE TABLE probe_broken (")));
        Throwable broken = failure(db.store().migrate(next));
        assertTrue(broken != null, "the broken step must fail the upgrade");
        assertEquals(latest, await(db.store().pool().query("SELECT MAX(version) AS v FROM schema_migrations").execute())
                .iterator().next().getInteger("v"), "the schema stays at the version before the upgrade");
        assertTrue(failure(db.store().pool().query("SELECT id FROM probe_applied").execute()) != null,
                "the step before the broken one was rolled back with it");
        await(db.store().migrate(next.subList(0, next.size() - 1)));
        assertEquals(latest + 1, await(db.store().pool().query("SELECT MAX(version) AS v FROM schema_migrations").execute())
                .iterator().next().getInteger("v"), "without the broken step the upgrade applies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aDatabaseFromANewerGoferIsRefused(String kind) throws Exception {
        Opened db = open(kind);
        await(db.store().pool().withTransaction(conn -> conn.query(
                "INSERT INTO schema_migrations (version, description, applied) VALUES (999, 'from the future', 0)").execute()));
        Throwable failure = db.store().migrate().toCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
        assertFalse(failure == null, "migrate must refuse a newer schema");
        assertTrue(failure.getMessage().contains("999") && failure.getMessage().contains("newer Gofer"), failure.getMessage());
    }
}
