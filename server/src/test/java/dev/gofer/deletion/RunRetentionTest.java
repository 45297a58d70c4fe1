package dev.gofer.deletion;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.events.Event;
import dev.gofer.logs.LogStore;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Initiator;
import dev.gofer.model.Namespace;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.objects.FilesystemBackend;
import dev.gofer.objects.ObjectStore;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.SqlDeletionStore;
import dev.gofer.store.SqlObjectIndex;
import dev.gofer.store.SqlStore;
import dev.gofer.store.Store;
import dev.gofer.store.Stores;
import dev.gofer.store.TestDatabases;
import dev.gofer.store.WithDatabases;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retention against both stores, without Docker: which finished runs go (beyond the newest N, older than the age
 * limit), that unfinished runs never go, that rows, events and files go together, in batches; and which runs' objects
 * expire ({@code run_object_expiry}).
 */
class RunRetentionTest extends WithDatabases {
    private static final long HOUR = 3_600_000;
    private final List<Event> published = new CopyOnWriteArrayList<>();
    private long now = 1_000 * HOUR;
    private Path dataDir;
    private SqlStore store;
    private SqlDeletionStore deletions;
    private LogStore logs;
    private ObjectStore objects;
    private SqlObjectIndex index;
    private FilesystemBackend backend;
    private Stores.Opened db;

    private void open(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-retention", vertx, cleanups);
        dataDir = settings.dataDir();
        db = Stores.open(vertx, settings, published::add);
        store = db.store();
        await(store.migrate());
        await(db.events().init());
        await(store.ensureNamespace(new Namespace("default", "Default", "", 1, 0)));
        deletions = new SqlDeletionStore(db.pool(), db.dialect(), db.events());
        logs = new LogStore(settings.logsDir());
        backend = new FilesystemBackend(vertx, settings.objectsDir());
        backend.prepare();
        index = new SqlObjectIndex(db.pool(), db.dialect(), db.events());
        objects = new ObjectStore(index, backend, 1 << 20, 10, 1000, () -> now);
    }

    /** A store of the given kind holding pipeline "kept" (one task, t). */
    private ConfigVersion openWithPipeline(String kind) throws Exception {
        open(kind);
        return await(store.registerConfig("default",
                PipelineConfig.builder("kept", "Kept").task(TaskConfig.builder("t", "busybox:latest").command("true")).build(), 1));
    }

    private RunRetention retention(int keep, Duration maxAge, int batch) {
        FileRemovals files = new FileRemovals(deletions, new StoredFiles(vertx, logs, objects));
        return new RunRetention(vertx, store, deletions, files, (ns, p) -> Future.succeededFuture(OptionalInt.empty()),
                new RunRetention.Policy(keep, maxAge, batch, Duration.ofMillis(1)), () -> now);
    }

    /** A run of pipeline "kept" that ended {@code hoursAgo} (null = still running), with a log file and a run object. */
    private long run(ConfigVersion config, Integer hoursAgo) throws Exception {
        Run stored = await(store.createRun("default", "kept", id -> {
            RunKey key = new RunKey("default", "kept", id);
            TaskConfig t = config.config().tasks().get(0);
            return new Store.NewRun(new Run(key, config.version(), 1, 0, RunState.PENDING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                    List.of(new TaskExecution(key.task(t.id()), t, 1, 0, 0, null, TaskState.PROCESSING, TaskStatus.UNKNOWN, null, List.of(), false, false)));
        })).run();
        RunKey key = stored.key();
        if (hoursAgo != null) {
            long ended = now - hoursAgo * HOUR;
            await(store.updateRun(new Run(key, config.version(), ended - 1, ended, RunState.COMPLETE, RunStatus.SUCCESSFUL, null,
                    Initiator.ANONYMOUS, List.of())));
        }
        logs.append(key.task("t"), false, ("log of run " + key.runId()).getBytes());
        logs.close(key.task("t"));
        Path object = objectFile(key.runId());
        Files.createDirectories(object.getParent());
        Files.writeString(object, "run object");
        return key.runId();
    }

    private Path objectFile(long runId) {
        return dataDir.resolve("objects/run/default/kept/" + runId + "/out");
    }

    private List<Long> runIds() {
        return await(store.runs("default", "kept", 1000, 0, false)).stream().map(r -> r.key().runId()).toList();
    }

    private long expiredEvents() {
        return published.stream().filter(e -> e.kind().equals("expired_run")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void keepsTheNewestFinishedRunsAndNeverAnUnfinishedOne(String kind) throws Exception {
        ConfigVersion config = openWithPipeline(kind);
        for (int i = 0; i < 10; i++) {
            run(config, 50 - i); // runs 1..10 finished, oldest first
        }
        long running = run(config, null); // run 11 never finishes
        run(config, 1); // run 12 finished an hour ago

        int deleted = await(retention(3, Duration.ZERO, 2).prune("default", "kept"));

        assertEquals(8, deleted, "11 finished runs, the newest 3 kept");
        assertEquals(List.of(9L, 10L, running, 12L), runIds());
        assertEquals(8, expiredEvents());
        for (long id : LongStream.rangeClosed(1, 8).toArray()) {
            assertFalse(Files.exists(logs.runDir(new RunKey("default", "kept", id))), "logs of run " + id + " removed");
            assertFalse(Files.exists(objectFile(id).getParent()), "objects of run " + id + " removed");
            assertTrue(await(store.tasks(new RunKey("default", "kept", id))).isEmpty(), "task executions of run " + id + " removed");
        }
        assertTrue(Files.exists(logs.runDir(new RunKey("default", "kept", running))), "the unfinished run keeps its logs");
        assertTrue(Files.exists(objectFile(9)), "a kept run keeps its objects");
        assertEquals(List.of(), await(deletions.pendingFileRemovals()), "every removal confirmed");
        assertEquals(0, await(retention(3, Duration.ZERO, 2).prune("default", "kept")), "a second pass has nothing to do");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void deletesTheOldestFirstWithOneEventEachInRunOrder(String kind) throws Exception {
        ConfigVersion config = openWithPipeline(kind);
        for (int i = 0; i < 10; i++) {
            run(config, 50 - i); // runs 1..10 finished, oldest first
        }

        // a prune cut short after a batch leaves no gap below the kept runs: it took the oldest
        assertEquals(List.of(1L, 2L, 3L), await(deletions.runsBeyondNewest("default", "kept", 4, 3)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), await(deletions.runsBeyondNewest("default", "kept", 4, 100)));
        assertEquals(List.of(), await(deletions.runsBeyondNewest("default", "kept", 10, 100)), "all kept");
        assertEquals(List.of(), await(deletions.runsBeyondNewest("default", "kept", 20, 100)), "fewer runs than kept");

        assertEquals(6, await(retention(4, Duration.ZERO, 4).prune("default", "kept")));

        List<Event> expired = published.stream().filter(e -> e.kind().equals("expired_run")).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), expired.stream().map(e -> e.details().getLong("run_id")).toList(),
                "one event per run, published oldest first");
        for (int i = 1; i < expired.size(); i++) {
            assertTrue(expired.get(i - 1).id().compareTo(expired.get(i).id()) < 0, "event ids ascend: " + expired);
        }
        assertEquals(expired.stream().map(Event::id).toList(), await(db.events().after(null, 1000)).stream()
                .filter(e -> e.kind().equals("expired_run")).map(Event::id).toList(), "stored as published");
        assertEquals(List.of(7L, 8L, 9L, 10L), runIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void deletesFinishedRunsOlderThanTheAgeLimit(String kind) throws Exception {
        ConfigVersion config = openWithPipeline(kind);
        run(config, 72);
        run(config, 49);
        run(config, 47);
        long running = run(config, null);

        int deleted = await(retention(0, Duration.ofHours(48), 100).pruneAll());

        assertEquals(2, deleted);
        assertEquals(List.of(3L, running), runIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void objectsOfRunsWithEnoughNewerRunsExpireRowsAndBytesButAnUnfinishedRunKeepsItsOwn(String kind) throws Exception {
        ConfigVersion config = openWithPipeline(kind);
        run(config, 50);
        long unfinished = run(config, null); // run 2
        for (int i = 0; i < 4; i++) {
            run(config, 40 - i); // runs 3..6
        }
        for (long id = 1; id <= 6; id++) {
            await(index.put("run", owner(id), "out", 10, now, false, 0, k -> null, Future::succeededFuture));
        }
        ObjectStore expiring = new ObjectStore(index, backend, 1 << 20, 10, 2, () -> now);

        // run 6 is the newest: runs 1..4 have two or more newer runs; run 2 has not finished
        List<RunKey> expired = await(expiring.expireRunObjects("default", "kept"));

        assertEquals(List.of(1L, 3L, 4L), expired.stream().map(RunKey::runId).toList());
        for (long id = 1; id <= 6; id++) {
            boolean gone = id == 1 || id == 3 || id == 4;
            RunKey key = new RunKey("default", "kept", id);
            assertEquals(gone, await(store.run(key)).orElseThrow().storeObjectsExpired(), "run " + id + " marked");
            assertEquals(gone, await(index.list("run", owner(id))).isEmpty(), "object rows of run " + id);
            assertEquals(gone, !Files.exists(objectFile(id)), "object bytes of run " + id);
        }
        assertTrue(Files.exists(objectFile(unfinished)));
        assertEquals(List.of(), await(expiring.expireRunObjects("default", "kept")), "a second pass has nothing to do");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void runsBeyondOneBatchAreAllMarkedAndOnlyThoseWithObjectsCostABackendDelete(String kind) throws Exception {
        ConfigVersion config = openWithPipeline(kind);
        int runs = ObjectStore.EXPIRY_BATCH + 5;
        for (int i = 0; i < runs; i++) {
            run(config, 1); // each leaves bytes under its run's folder; only the two put below have index rows
        }
        long inSecondBatch = ObjectStore.EXPIRY_BATCH + 2;
        for (long id : List.of(1L, inSecondBatch)) {
            await(index.put("run", owner(id), "out", 10, now, false, 0, k -> null, Future::succeededFuture));
        }
        ObjectStore expiring = new ObjectStore(index, backend, 1 << 20, 10, 2, () -> now);

        List<RunKey> expired = await(expiring.expireRunObjects("default", "kept"));

        assertEquals(LongStream.rangeClosed(1, runs - 2).boxed().toList(), expired.stream().map(RunKey::runId).toList());
        for (long id = 1; id <= runs; id++) {
            boolean marked = id <= runs - 2;
            assertEquals(marked, await(store.run(new RunKey("default", "kept", id))).orElseThrow().storeObjectsExpired(), "run " + id + " marked");
        }
        for (long id : List.of(1L, inSecondBatch)) {
            assertTrue(await(index.list("run", owner(id))).isEmpty(), "object rows of run " + id);
            assertFalse(Files.exists(objectFile(id)), "object bytes of run " + id + " (in batch " + (id <= ObjectStore.EXPIRY_BATCH ? 1 : 2) + ")");
        }
        // no index rows, no backend call: bytes there are an interrupted upload's, and the sweep's (not expiry's) to remove
        assertTrue(Files.exists(objectFile(2)), "a run without objects costs the backend nothing");
        assertEquals(List.of(), await(expiring.expireRunObjects("default", "kept")), "a second pass has nothing to do");
    }

    private static String owner(long runId) {
        return "default/kept/" + runId;
    }
}
