package dev.gofer.runs;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.auth.AccessCheck;
import dev.gofer.auth.Secrets;
import dev.gofer.auth.SqlAuthStore;
import dev.gofer.auth.Token;
import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import dev.gofer.model.GoferException;
import dev.gofer.model.RunKey;
import dev.gofer.store.Stores;
import dev.gofer.store.TestDatabases;
import dev.gofer.store.WithDatabases;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run tokens on both stores: one per run, found again after a restart, replaced under a new key, swept after a crash. */
class RunTokensTest extends WithDatabases {
    private static final EncryptionKey KEY = EncryptionKey.parse("11".repeat(32)).orElseThrow();
    private static final RunKey RUN_1 = new RunKey("default", "build", 1);
    private static final RunKey RUN_2 = new RunKey("default", "build", 2);

    private SqlAuthStore auth(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-run-tokens", vertx, cleanups);
        Stores.Opened db = Stores.open(vertx, settings, event -> { });
        await(db.store().migrate());
        await(db.events().init());
        return new SqlAuthStore(db.pool(), db.dialect(), db.events());
    }

    private static RunTokens tokens(SqlAuthStore auth, EncryptionKey key) {
        return new RunTokens(auth, key, Future.succeededFuture("http://gofer.test:8080"), System::currentTimeMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void oneTokenPerRunStoredHashedFoundAgainAfterARestartAndSweptWhenItsRunIsGone(String kind) throws Exception {
        SqlAuthStore auth = auth(kind);
        RunTokens tokens = tokens(auth, KEY);
        // two tasks starting together share one mint
        Future<RunTokens.Injected> a = tokens.forRun(RUN_1);
        Future<RunTokens.Injected> b = tokens.forRun(RUN_1);
        String value = await(a).token();
        assertEquals(value, await(b).token());
        assertEquals("http://gofer.test:8080", await(a).apiUrl());
        assertFalse(await(a).toString().contains(value), "never printed");
        List<Token> stored = await(auth.tokensOf("run:default/build/1"));
        assertEquals(1, stored.size());
        assertEquals(Secrets.hash(value), stored.get(0).hash(), "stored as its hash");
        assertFalse(stored.get(0).toJson().encode().contains(value));
        await(new AccessCheck(auth, false).authenticate("Bearer " + value)); // a working token

        // a restarted server (new instance, same key) computes the same value: nothing new is minted
        assertEquals(value, await(tokens(auth, KEY).forRun(RUN_1)).token());
        assertEquals(1, await(auth.tokensOf("run:default/build/1")).size());
        // under another encryption key the old token cannot be computed: it is replaced, not kept around
        String other = await(tokens(auth, EncryptionKey.parse("22".repeat(32)).orElseThrow()).forRun(RUN_1)).token();
        assertNotEquals(value, other);
        assertEquals(1, await(auth.tokensOf("run:default/build/1")).size());
        assertUnauthorized(auth, value);

        // after a crash, only the tokens of runs still running survive the sweep
        String second = await(tokens.forRun(RUN_2)).token();
        await(tokens.keepOnly(Set.of(RUN_2)::contains));
        assertUnauthorized(auth, other);
        await(new AccessCheck(auth, false).authenticate("Bearer " + second));
        await(tokens.revoke(RUN_2));
        assertUnauthorized(auth, second);
        assertTrue(await(auth.tokens()).isEmpty());
    }

    private static void assertUnauthorized(SqlAuthStore auth, String value) {
        try {
            new AccessCheck(auth, false).authenticate("Bearer " + value).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("the token still works");
        } catch (ExecutionException e) {
            assertEquals(GoferException.Kind.UNAUTHORIZED, ((GoferException) e.getCause()).kind());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
