package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.spi.JDBCDecoder;
import io.vertx.jdbcclient.spi.JDBCEncoder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite pool's column decoder and parameter encoder: the ones the JDBC client loads, and values come back as the
 * stores wrote and read them.
 */
class SqliteValuesTest {
    private static final String UUID_TEXT = "0f8fad5b-d9cb-469f-a165-70867728950e";
    @TempDir
    Path dir;

    @Test
    void theJdbcClientLoadsGofersDecoder() {
        // without the service file the client falls back to its own decoder, which costs ~5x the CPU per read
        assertInstanceOf(SqliteValues.class, ServiceLoader.load(JDBCDecoder.class).findFirst().orElse(null));
    }

    @Test
    void theJdbcClientLoadsGofersParameterEncoder() {
        // without the service file the client asks SQLite for every parameter's type, an exception each time
        assertInstanceOf(SqliteParameters.class, ServiceLoader.load(JDBCEncoder.class).findFirst().orElse(null));
    }

    @Test
    void textIntegersAndNullsReadBackThroughTheReadersAsWritten() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Stores.sqlitePool(vertx, dir.resolve("gofer.db"));
            long big = 1L << 40;
            Row row = await(pool.withTransaction(conn -> conn.query(
                            "CREATE TABLE t (s TEXT, b BIGINT, i INTEGER, n TEXT, j TEXT, u TEXT, f INTEGER)").execute()
                    .compose(v -> conn.preparedQuery("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)")
                            .execute(Tuple.of("2026-12-01T10:00:00", big, 7, null, "{\"a\":[1]}", UUID_TEXT, true))))
                    .compose(v -> pool.preparedQuery("SELECT * FROM t").execute())
                    .map(rows -> rows.iterator().next()));
            assertEquals("2026-12-01T10:00:00", row.getString("s"), "a text that looks like a time stays text");
            assertEquals(big, row.getLong("b"));
            assertEquals(7, row.getInteger("i"));
            assertEquals(7L, row.getLong("i"), "a small integer read as a long");
            assertNull(row.getString("n"));
            assertEquals("{\"a\":[1]}", row.getString("j"));
            assertEquals(UUID_TEXT, row.getString("u"), "a text that looks like a UUID stays that text");
            assertEquals(1, row.getInteger("f"), "a boolean is stored as SQLite stores one");
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }
}
