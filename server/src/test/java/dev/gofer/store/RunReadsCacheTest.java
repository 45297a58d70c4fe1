package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gofer.config.ServerSettings;
import dev.gofer.model.ConfigVersion;
import dev.gofer.model.Initiator;
import dev.gofer.model.Namespace;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run} and {@code runs} on a real database are answered from memory until this server writes anything: a
 * change made behind its back (a second pool on the same database) is not seen, a write through it of any row, on
 * either write path (a pool transaction, or a connection taken for {@link Transactions}), makes the next read go to
 * the database again.
 */
class RunReadsCacheTest extends WithDatabases {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void readsAreReusedUntilThisServerWritesAnything(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-reads", vertx, cleanups);
        Stores.Opened db = Stores.open(vertx, settings, event -> { });
        SqlStore store = db.store();
        await(store.migrate());
        await(db.events().init());
        await(store.ensureNamespace(new Namespace("default", "Default", "", 1, 0)));
        ConfigVersion config = await(store.registerConfig("default",
                PipelineConfig.builder("app", "App").task(TaskConfig.builder("a", "busybox:latest")).build(), 10));
        RunKey key = await(store.createRun("default", "app", id -> pending(config, id))).run().key();
        // another pool on the same database: to this store, someone editing the database behind its back
        Stores.Opened other = Stores.open(vertx, settings, event -> { });
        cleanups.add(0, () -> await(other.pool().close()));
        cleanups.add(0, () -> await(db.pool().close()));

        assertEquals(RunState.PENDING, state(store, key));
        assertEquals(RunState.PENDING, listedState(store));
        behindTheBack(other, RunState.RUNNING);
        assertEquals(RunState.PENDING, state(store, key), "answered from memory: nothing was written through the store");
        assertEquals(RunState.PENDING, listedState(store), "the same page again, from memory");

        // a write of another row, through a pool transaction (SqlSupport.write)
        await(store.ensureNamespace(new Namespace("other", "Other", "", 2, 0)));
        assertEquals(RunState.RUNNING, state(store, key), "read again after the write");
        assertEquals(RunState.RUNNING, listedState(store));

        behindTheBack(other, RunState.COMPLETE);
        assertEquals(RunState.RUNNING, state(store, key));
        // a write through a connection taken for a transaction of its own (Transactions.run, as run and task writes)
        await(store.createRun("default", "app", id -> pending(config, id)));
        assertEquals(RunState.COMPLETE, state(store, key), "read again after the write");
        assertEquals(RunState.COMPLETE, await(store.runs("default", "app", 50, 0, false)).get(0).state());
    }

    private static RunState state(SqlStore store, RunKey key) {
        return await(store.run(key)).orElseThrow().state();
    }

    private static RunState listedState(SqlStore store) {
        return await(store.runs("default", "app", 50, 0, false)).get(0).state();
    }

    private static void behindTheBack(Stores.Opened other, RunState state) {
        await(other.pool().withTransaction(c -> c.query("UPDATE runs SET state = '" + state.wire() + "' WHERE run_id = 1").execute()));
    }

    private static Store.NewRun pending(ConfigVersion config, long runId) {
        RunKey key = new RunKey(config.namespaceId(), config.pipelineId(), runId);
        return new Store.NewRun(new Run(key, config.version(), 100, 0, RunState.PENDING, RunStatus.UNKNOWN, null,
                Initiator.ANONYMOUS, List.of()), List.of());
    }
}
