package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache of reads against the count of writes, without a database: when a read is reused and when it is not. */
class ReadCacheTest {
    private final WriteGeneration writes = new WriteGeneration();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ReadCache<String, String> cache = new ReadCache<>(writes, 3, Duration.ofSeconds(5), now::get);
    private final AtomicInteger reads = new AtomicInteger();

    private Future<String> read(String key) {
        return cache.get(key, () -> Future.succeededFuture(key + "#" + reads.incrementAndGet()));
    }

    @Test
    void aSecondReadIsAnsweredFromMemoryWhileNothingWasWritten() {
        assertEquals("a#1", read("a").result());
        assertEquals("a#1", read("a").result());
        assertEquals(1, reads.get(), "the second read did not reach the database");
    }

    @Test
    void aWriteThatBeganForgetsEveryReadBeforeIt() {
        read("a");
        read("b");
        writes.begin();
        assertEquals("a#3", read("a").result(), "read again once a write began, even before it ended");
        writes.end();
        assertEquals("a#4", read("a").result(), "a read made during the write is not kept");
        assertEquals("a#4", read("a").result());
        assertEquals("b#5", read("b").result());
    }

    @Test
    void aReadThatAWriteOverlapsIsNotKept() {
        Promise<String> slow = Promise.promise();
        Future<String> pending = cache.get("a", slow::future);
        writes.begin();
        writes.end();
        slow.complete("old");
        assertEquals("old", pending.result(), "the caller gets what was read");
        assertEquals("a#1", read("a").result(), "but the next read goes to the database: the rows may predate the write");
    }

    @Test
    void untrackedWritesNeverLetAReadBeReused() {
        ReadCache<String, String> never = new ReadCache<>(WriteGeneration.untracked(), 3, Duration.ofSeconds(5), now::get);
        never.get("a", () -> Future.succeededFuture("a#" + reads.incrementAndGet()));
        assertEquals("a#2", never.get("a", () -> Future.succeededFuture("a#" + reads.incrementAndGet())).result());
    }

    @Test
    void aReadIsReusedForAtMostTheTimeToLive() {
        read("a");
        now.addAndGet(4_999);
        assertEquals("a#1", read("a").result());
        now.addAndGet(1);
        assertEquals("a#2", read("a").result(), "a change behind the server's back is seen after the time to live");
    }

    @Test
    void reachingTheBoundEmptiesTheCache() {
        read("a");
        read("b");
        read("c");
        assertEquals(3, cache.size());
        read("d");
        assertEquals(1, cache.size(), "emptied, then d kept");
        assertEquals("a#5", read("a").result());
    }

    @Test
    void aFailedReadIsNotKept() {
        cache.get("a", () -> Future.failedFuture(new IllegalStateException("database gone")));
        assertEquals("a#1", read("a").result());
    }
}
