package dev.gofer.auth;

import java.time.Duration;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An {@link AuthStore} that remembers what every API request asks first, the token of a secret's hash and the list
 * of roles, for a short while, so requests skip those queries. Every change of tokens or roles made through it
 * (this server's only way to change them) forgets everything once the change is stored, so a deleted or disabled
 * token, e.g. a run's token revoked at run end, is refused on the very next request; the time limit only bounds
 * how long a change made behind the server's back (someone editing the database) goes unseen. Expiry needs no
 * care here: {@link AccessCheck} compares a token's expiry with the clock on every request.
 *
 * <p>A lookup that was already running when a change was stored may have read the old row: a generation counter,
 * bumped by every change, keeps such results out of the cache.
 */
public final class CachingAuthStore implements AuthStore {
    /** Unknown secrets are not cached, so this bounds only how many live tokens are remembered. */
    private static final int MAX_TOKENS = 1024;

    private record Entry<T>(T value, long generation, long until) {
    }

    private final AuthStore store;
    private final LongSupplier clock;
    private final long ttlMillis;
    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, Entry<Token>> tokens = new ConcurrentHashMap<>();
    private volatile Entry<List<Role>> roles;

    public CachingAuthStore(AuthStore store, Duration ttl, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    private boolean fresh(Entry<?> e) {
        return e != null && e.generation() == generation.get() && clock.getAsLong() < e.until();
    }

    @Override
    public Future<Optional<Token>> tokenByHash(String hash) {
        Entry<Token> hit = tokens.get(hash);
        if (fresh(hit)) {
            return Future.succeededFuture(Optional.of(hit.value()));
        }
        long gen = generation.get();
        long until = clock.getAsLong() + ttlMillis;
        return store.tokenByHash(hash).onSuccess(found -> found.ifPresent(t -> {
            if (tokens.size() >= MAX_TOKENS) {
                tokens.clear();
            }
            tokens.put(hash, new Entry<>(t, gen, until));
            if (gen != generation.get()) {
                tokens.remove(hash); // a change was stored while we read: the row may be the old one
            }
        }));
    }

    @Override
    public Future<List<Role>> roles() {
        Entry<List<Role>> hit = roles;
        if (fresh(hit)) {
            return Future.succeededFuture(hit.value());
        }
        long gen = generation.get();
        long until = clock.getAsLong() + ttlMillis;
        return store.roles().onSuccess(all -> {
            roles = new Entry<>(List.copyOf(all), gen, until);
            if (gen != generation.get()) {
                roles = null;
            }
        });
    }

    /** After a change (stored or not: a failure may still have committed), nothing cached before it is used. */
    private <T> Future<T> changing(Future<T> change) {
        return change.andThen(done -> {
            generation.incrementAndGet();
            tokens.clear();
            roles = null;
        });
    }

    @Override
    public Future<Void> bootstrap(Token token) {
        return changing(store.bootstrap(token));
    }

    @Override
    public Future<Void> createToken(Token token) {
        return changing(store.createToken(token));
    }

    @Override
    public Future<Boolean> setDisabled(String id, boolean disabled) {
        return changing(store.setDisabled(id, disabled));
    }

    @Override
    public Future<Boolean> deleteToken(String id) {
        return changing(store.deleteToken(id));
    }

    @Override
    public Future<Void> createRole(Role role) {
        return changing(store.createRole(role));
    }

    @Override
    public Future<Boolean> updateRole(Role role) {
        return changing(store.updateRole(role));
    }

    @Override
    public Future<Boolean> deleteRole(String id) {
        return changing(store.deleteRole(id));
    }

    // the lookups of the token and role routes are not on every request's path: always from the store

    @Override
    public Future<Optional<Token>> token(String id) {
        return store.token(id);
    }

    @Override
    public Future<List<Token>> tokens() {
        return store.tokens();
    }

    @Override
    public Future<List<Token>> tokensOf(String user) {
        return store.tokensOf(user);
    }

    @Override
    public Future<Optional<Role>> role(String id) {
        return store.role(id);
    }
}
