package dev.gofer.auth;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.store.Stores;
import dev.gofer.store.TestDatabases;
import dev.gofer.store.WithDatabases;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token cache on both stores: a change made through it is seen at once, one made behind its back (straight in
 * the store) only after the time limit, which shows lookups really are reused.
 */
class CachingAuthStoreTest extends WithDatabases {
    private static final Duration TTL = Duration.ofSeconds(5);
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private SqlAuthStore store(String kind) throws Exception {
        ServerSettings settings = TestDatabases.settingsFor(kind, "gofer-token-cache", vertx, cleanups);
        Stores.Opened db = Stores.open(vertx, settings, event -> { });
        await(db.store().migrate());
        await(db.events().init());
        cleanups.add(() -> db.pool().close());
        return new SqlAuthStore(db.pool(), db.dialect(), db.events());
    }

    private static Token token(String id, String secret, List<String> roles) {
        return new Token(id, Secrets.hash(secret), 1, 0, false, "someone", roles, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void changesThroughTheCacheAreSeenAtOnceChangesBehindItsBackAfterTheTimeLimit(String kind) throws Exception {
        SqlAuthStore sql = store(kind);
        CachingAuthStore cached = new CachingAuthStore(sql, TTL, clock::get);
        await(cached.createToken(token("t1", "secret-one", List.of("user"))));
        AccessCheck access = new AccessCheck(cached, false);
        assertEquals("t1", await(access.authenticate("Bearer secret-one")).token().id());

        // behind the cache's back: the cached token is still served, until the time limit
        await(sql.setDisabled("t1", true));
        assertFalse(await(cached.tokenByHash(Secrets.hash("secret-one"))).orElseThrow().disabled(), "reused, not re-read");
        clock.addAndGet(TTL.toMillis());
        assertTrue(await(cached.tokenByHash(Secrets.hash("secret-one"))).orElseThrow().disabled(), "re-read after the limit");

        // through the cache: seen by the very next lookup
        await(cached.setDisabled("t1", false));
        assertEquals("t1", await(access.authenticate("Bearer secret-one")).token().id());
        await(cached.setDisabled("t1", true));
        assertTrue(failsWith401(access, "secret-one"), "disabled at once");
        await(cached.setDisabled("t1", false));
        assertEquals("t1", await(access.authenticate("Bearer secret-one")).token().id());
        await(cached.deleteToken("t1"));
        assertEquals(Optional.empty(), await(cached.tokenByHash(Secrets.hash("secret-one"))), "deleted at once");
        assertTrue(failsWith401(access, "secret-one"));

        // roles: a role change through the cache is seen at once by the next request's role list
        Role builder = new Role("builder", "builds", List.of(Permission.fromJson(new io.vertx.core.json.JsonObject()
                .put("resources", new io.vertx.core.json.JsonArray().add("runs")).put("actions", new io.vertx.core.json.JsonArray().add("read")),
                "p")), false);
        await(cached.createToken(token("t2", "secret-two", List.of("builder"))));
        assertTrue(await(access.authenticate("Bearer secret-two")).roles().isEmpty(), "role not there yet");
        await(cached.createRole(builder));
        assertEquals(List.of("builder"), await(access.authenticate("Bearer secret-two")).roles().stream().map(Role::id).toList());
        await(cached.deleteToken("t2"));
        await(cached.deleteRole("builder"));
        assertTrue(await(cached.roles()).stream().noneMatch(r -> r.id().equals("builder")), "role gone at once");
    }

    private static boolean failsWith401(AccessCheck access, String secret) throws Exception {
        Throwable failure = await(access.authenticate("Bearer " + secret).transform(done -> Future.succeededFuture(done.cause())));
        return failure instanceof dev.gofer.model.GoferException g && g.kind() == dev.gofer.model.GoferException.Kind.UNAUTHORIZED;
    }
}
