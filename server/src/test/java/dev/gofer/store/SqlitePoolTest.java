package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's pool: reads run on {@value Stores#SQLITE_READERS} read-only connections beside the one writer, each with a
 * page cache of {@value Stores#SQLITE_READER_CACHE_KIB} KiB, so together they hold no more memory than 4 readers did
 * with SQLite's default cache (bench/PROFILE.md, "Twenty-fourth session").
 */
class SqlitePoolTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private Pool pool;

    @BeforeEach
    void openPool() {
        pool = Stores.sqlitePool(vertx, dir.resolve("gofer.db"));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void readersKeepASmallerPageCacheThanTheWriter() throws Exception {
        long reader = await(pool.query("PRAGMA cache_size").execute()).iterator().next().getLong(0);
        long writer = await(pool.withConnection(c -> c.query("PRAGMA cache_size").execute())).iterator().next().getLong(0);
        assertEquals(-Stores.SQLITE_READER_CACHE_KIB, reader, "a read connection's cache, in KiB (negative)");
        assertEquals(-2000, writer, "the writer keeps SQLite's default");
    }

    @Test
    void readsAtOnceOpenEveryReaderAndNoMore() throws Exception {
        // a write opens the writer connection, so the count below is the writer plus the readers
        await(pool.withTransaction(c -> c.query("CREATE TABLE t (n INTEGER)").execute()));
        // each read counts to 200,000 in SQLite, long enough that 40 at once keep every reader busy
        String slow = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) SELECT count(*) FROM c";
        List<Future<Long>> reads = IntStream.range(0, 40)
                .mapToObj(i -> pool.query(slow).execute().map(rows -> rows.iterator().next().getLong(0))).toList();
        await(Future.all(reads));
        reads.forEach(r -> assertEquals(200_000L, r.result()));
        assertEquals(1 + Stores.SQLITE_READERS, pool.size(), "the writer and every reader open, no more");
    }
}
