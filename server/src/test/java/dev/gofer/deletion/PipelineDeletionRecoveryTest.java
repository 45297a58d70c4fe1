package dev.gofer.deletion;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus.RetryRun;
import dev.gofer.bus.Bus.StartRun;
import dev.gofer.config.ServerSettings;
import dev.gofer.events.Actor;
import dev.gofer.extensions.ExtensionRegistration;
import dev.gofer.extensions.ExtensionSubscription;
import dev.gofer.extensions.SqlExtensionStore;
import dev.gofer.logs.LogStore;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.GoferException;
import dev.gofer.model.Initiator;
import dev.gofer.model.Namespace;
import dev.gofer.model.PipelineMetadata;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.TaskState;
import dev.gofer.model.TaskStatus;
import dev.gofer.objects.FilesystemBackend;
import dev.gofer.objects.ObjectStore;
import dev.gofer.runs.Runs;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import dev.gofer.store.DeletionStore.PipelineKey;
import dev.gofer.store.SqlDeletionStore;
import dev.gofer.store.SqlObjectIndex;
import dev.gofer.store.SqlStore;
import dev.gofer.store.Store;
import dev.gofer.store.Stores;
import dev.gofer.store.TestDatabases;
import dev.gofer.store.WithDatabases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pipeline deletion against both stores, without Docker (the orchestrator is a stand-in that cancels runs in the
 * store): a refused delete changes nothing, not even the subscriptions; a forced delete whose process dies while it
 * waits for its cancelled runs is finished by the next start, and the extensions are told of the subscriptions that
 * went with it only after the commit.
 */
class PipelineDeletionRecoveryTest extends WithDatabases {
    private final List<String> told = new CopyOnWriteArrayList<>();
    private Path dataDir;
    private SqlStore store;
    private SqlDeletionStore deletions;
    private SqlExtensionStore extensions;
    private LogStore logs;
    private ObjectStore objects;

    private void open(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-deletion", vertx, cleanups);
        dataDir = settings.dataDir();
        Stores.Opened db = Stores.open(vertx, settings, e -> { });
        store = db.store();
        await(store.migrate());
        await(db.events().init());
        await(store.ensureNamespace(new Namespace("default", "Default", "", 1, 0)));
        deletions = new SqlDeletionStore(db.pool(), db.dialect(), db.events());
        extensions = new SqlExtensionStore(db.pool(), db.dialect(), db.events());
        logs = new LogStore(settings.logsDir());
        FilesystemBackend backend = new FilesystemBackend(vertx, settings.objectsDir());
        backend.prepare();
        objects = new ObjectStore(new SqlObjectIndex(db.pool(), db.dialect(), db.events()), backend, 1 << 20, 10, 1000,
                System::currentTimeMillis);
    }

    private PipelineDeletion deletion(Runs runs) {
        return new PipelineDeletion(vertx, store, deletions, runs, (ns, p, gone) -> {
            gone.forEach(g -> told.add(ns + "/" + p + " " + g.extensionId() + "/" + g.subscriptionId()));
            return Future.succeededFuture();
        }, new FileRemovals(deletions, new StoredFiles(vertx, logs, objects)), Duration.ofSeconds(5));
    }

    /** "doomed" with a finished run and an unfinished one (each with a log) and a subscription to extension "cron". */
    private RunKey fixture() throws Exception {
        ConfigVersion config = await(store.registerConfig("default",
                PipelineConfig.builder("doomed", "Doomed").task(TaskConfig.builder("t", "busybox:latest").command("true")).build(), 1));
        RunKey finished = run(config);
        await(store.updateRun(new Run(finished, 1, 1, 2, RunState.COMPLETE, RunStatus.SUCCESSFUL, null, Initiator.ANONYMOUS, List.of())));
        RunKey running = run(config);
        await(store.updateRun(new Run(running, 1, 3, 0, RunState.RUNNING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of())));
        await(extensions.insertRegistration(new ExtensionRegistration("cron", "img", null, Map.of(), ExtensionRegistration.ENABLED, 1, 1)));
        await(extensions.insertSubscription(new ExtensionSubscription("default", "doomed", "cron", "nightly", Map.of(),
                ExtensionSubscription.ACTIVE, null, 1)));
        return running;
    }

    private RunKey run(ConfigVersion config) {
        Run stored = await(store.createRun("default", "doomed", id -> {
            RunKey key = new RunKey("default", "doomed", id);
            TaskConfig t = config.config().tasks().get(0);
            return new Store.NewRun(new Run(key, 1, 1, 0, RunState.PENDING, RunStatus.UNKNOWN, null, Initiator.ANONYMOUS, List.of()),
                    List.of(new TaskExecution(key.task(t.id()), t, 1, 0, 0, null, TaskState.PROCESSING, TaskStatus.UNKNOWN, null, List.of(), false, false)));
        })).run();
        logs.append(stored.key().task("t"), false, "output".getBytes());
        logs.close(stored.key().task("t"));
        return stored.key();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aRefusedDeleteKeepsTheSubscriptionsAndTellsNoExtension(String kind) throws Exception {
        open(kind);
        RunKey running = fixture();

        Throwable refused = failure(deletion(new CancellingRuns()).delete("default", "doomed", false));
        assertTrue(refused instanceof GoferException g && g.kind() == GoferException.Kind.CONFLICT, String.valueOf(refused));
        assertEquals(1, await(extensions.subscriptionsOfPipeline("default", "doomed")).size(), "the subscription stays");
        assertEquals(List.of(), told);
        assertEquals(RunState.RUNNING, await(store.run(running)).orElseThrow().state());
        assertEquals(PipelineMetadata.ACTIVE, await(store.pipeline("default", "doomed")).orElseThrow().state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aForcedDeleteThatDiedWhileItsRunsWereCancelledIsFinishedByTheNextStart(String kind) throws Exception {
        open(kind);
        RunKey running = fixture();
        Path pipelineLogs = dataDir.resolve("logs/default/doomed");

        // the first process: the cancel is sent, and the process dies before the run has ended
        DyingRuns dying = new DyingRuns();
        deletion(dying).delete("default", "doomed", true);
        await(dying.cancelled.future());
        assertEquals(PipelineMetadata.DISABLED, await(store.pipeline("default", "doomed")).orElseThrow().state(),
                "nothing new starts meanwhile");
        assertEquals(List.of(new PipelineKey("default", "doomed")), await(deletions.pipelineDeletionsUnderWay()));
        assertEquals(List.of(), told, "no extension is told before the rows are gone");
        assertTrue(Files.isDirectory(pipelineLogs));

        // the next start
        assertEquals(1, await(deletion(new CancellingRuns()).finishUnderWay()));
        assertTrue(await(store.pipeline("default", "doomed")).isEmpty());
        assertTrue(await(store.run(running)).isEmpty());
        assertEquals(List.of(), await(extensions.subscriptionsOfPipeline("default", "doomed")));
        assertEquals(List.of("default/doomed cron/nightly"), told, "told once, after the commit");
        assertFalse(Files.exists(pipelineLogs), "the logs are gone");
        assertEquals(List.of(), await(deletions.pipelineDeletionsUnderWay()));
        assertEquals(List.of(), await(deletions.pendingFileRemovals()));
        assertEquals(0, await(deletion(new CancellingRuns()).finishUnderWay()), "nothing left for the start after");
    }

    /** The orchestrator of a process that dies: it takes the cancel, and the run never ends. */
    private static final class DyingRuns extends Unused {
        final Promise<Void> cancelled = Promise.promise();

        @Override
        public Future<Boolean> cancel(RunKey run, Actor actor) {
            cancelled.tryComplete();
            return Future.succeededFuture(true);
        }

        @Override
        public Future<Void> ended(RunKey run, Duration bound) {
            return Promise.<Void>promise().future();
        }
    }

    /** The orchestrator of a live process: a cancelled run ends cancelled. */
    private final class CancellingRuns extends Unused {
        @Override
        public Future<Boolean> cancel(RunKey run, Actor actor) {
            return store.run(run).compose(r -> store.updateRun(new Run(run, 1, 3, 4, RunState.COMPLETE, RunStatus.CANCELLED, null,
                    Initiator.ANONYMOUS, List.of()))).map(true);
        }

        @Override
        public Future<Void> ended(RunKey run, Duration bound) {
            return Future.succeededFuture();
        }
    }

    private abstract static class Unused implements Runs {
        @Override
        public Future<Run> start(StartRun request, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Run> retry(RetryRun request, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<Long> cancelTask(TaskKey task, Actor actor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Future<String> runningContainer(TaskKey task) {
            throw new UnsupportedOperationException();
        }
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
