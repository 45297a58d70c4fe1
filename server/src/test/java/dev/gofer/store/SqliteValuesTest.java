package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.spi.JDBCDecoder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite pool's column decoder: the one the JDBC client loads, and values come back as the stores read them. */
class SqliteValuesTest {
    @TempDir
    Path dir;

    @Test
    void theJdbcClientLoadsGofersDecoder() {
        // without the service file the client falls back to its own decoder, which costs ~5x the CPU per read
        assertInstanceOf(SqliteValues.class, ServiceLoader.load(JDBCDecoder.class).findFirst().orElse(null));
    }

    @Test
    void textIntegersAndNullsReadBackThroughTheReadersAsWritten() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Stores.sqlitePool(vertx, dir.resolve("gofer.db"));
            long big = 1L << 40;
            Row row = await(pool.withTransaction(conn -> conn.query(
                            "CREATE TABLE t (s TEXT, b BIGINT, i INTEGER, n TEXT, j TEXT)").execute()
                    .compose(v -> conn.preparedQuery("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
                            .execute(Tuple.of("2026-12-01T10:00:00", big, 7, null, "{\"a\":[1]}"))))
                    .compose(v -> pool.preparedQuery("SELECT * FROM t").execute())
                    .map(rows -> rows.iterator().next()));
            assertEquals("2026-12-01T10:00:00", row.getString("s"), "a text that looks like a time stays text");
            assertEquals(big, row.getLong("b"));
            assertEquals(7, row.getInteger("i"));
            assertEquals(7L, row.getLong("i"), "a small integer read as a long");
            assertNull(row.getString("n"));
            assertEquals("{\"a\":[1]}", row.getString("j"));
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
