package dev.gofer.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers a repeated read from memory while this process has written nothing to the database since it was read
 * ({@link WriteGeneration}): a hit is what reading again would return. Any write, of anything, forgets everything, so
 * this pays off where reads repeat between writes (dashboards and clients polling runs that are in flight but quiet)
 * and costs a map lookup where they do not. {@code ttl} bounds how long a change made behind the server's back goes
 * unseen; {@code maxEntries} bounds the memory (reaching it empties the cache).
 */
final class ReadCache<K, V> {
    private record Entry<V>(V value, long generation, long until) {
    }

    private final WriteGeneration writes;
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    ReadCache(WriteGeneration writes, int maxEntries, Duration ttl, LongSupplier clock) {
        this.writes = writes;
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    Future<V> get(K key, Supplier<Future<V>> read) {
        Entry<V> hit = entries.get(key);
        if (hit != null && writes.unchangedSince(hit.generation()) && clock.getAsLong() < hit.until()) {
            return Future.succeededFuture(hit.value());
        }
        long stamp = writes.stamp();
        long until = clock.getAsLong() + ttlMillis;
        return read.get().onSuccess(value -> {
            if (!writes.unchangedSince(stamp)) {
                return; // a write began while this was read: the rows may be older than the write
            }
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, stamp, until));
        });
    }

    int size() {
        return entries.size();
    }
}
