package dev.gofer.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.store.SqlStore;
import dev.gofer.store.Dialect;
import dev.gofer.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event log on a real SQLite file: ids in order across restarts, rollback drops events, pruning by age. */
class EventLogTest {
    @TempDir
    Path dir;

    @Test
    void idsGrowEvenWhenTheClockStepsBack() {
        EventIds ids = new EventIds(null);
        String a = ids.next(1000);
        String b = ids.next(1000);
        String c = ids.next(999);
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0, a + " " + b + " " + c);
        assertTrue(new EventIds(c).next(5).compareTo(c) > 0, "continues after the newest stored id");
    }

    @Test
    void eventsOfAFailedTransactionAreNeitherStoredNorPublishedAndPruneDeletesOldOnes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Stores.sqlitePool(vertx, dir.resolve("gofer.db"));
            AtomicLong clock = new AtomicLong(1_000);
            List<Event> published = new ArrayList<>();
            EventLog log = new EventLog(pool, Dialect.SQLITE, clock::get, published::add);
            new SqlStore(pool, Dialect.SQLITE, log).migrate().compose(v -> log.init())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            log.record(NewEvent.createdNamespace("old")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            clock.set(100_000);
            log.transaction((conn, rec) -> rec.record(NewEvent.createdNamespace("rolled-back"))
                            .compose(e -> io.vertx.core.Future.failedFuture(new IllegalStateException("the change failed"))))
                    .toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(30, TimeUnit.SECONDS);
            log.record(NewEvent.createdNamespace("new")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            List<Event> stored = log.after(null, 100).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(List.of("old", "new"), stored.stream().map(Event::namespaceId).toList(), "the rolled-back event is gone");
            assertEquals(stored, published, "published after commit, in order, only committed ones");

            int pruned = log.prune(50_000).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1, pruned);
            assertEquals(List.of("new"), log.after(null, 100).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .stream().map(Event::namespaceId).toList());
            pool.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
