package dev.gofer.store;

import static dev.gofer.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading cells by the position {@link Columns} found once per result, on a real SQLite result. */
class ColumnsTest {
    @TempDir
    Path dir;

    @Test
    void readsEachCellByItsColumnsPositionAndNamesAMissingColumn() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = Stores.sqlitePool(vertx, dir.resolve("gofer.db"));
            // the columns in another order than the reads below ask for them: a position mix-up would swap values
            RowSet<Row> rows = await(pool.query("SELECT 'b-text' AS b, 42 AS n, NULL AS z, 7 AS i").execute());
            Columns columns = Columns.of(rows);
            Row row = rows.iterator().next();
            assertEquals(7, columns.integer(row, "i"));
            assertEquals(42L, columns.longValue(row, "n"));
            assertEquals("b-text", columns.string(row, "b"));
            assertNull(columns.string(row, "z"));
            IllegalStateException missing = assertThrows(IllegalStateException.class, () -> columns.string(row, "status"));
            assertTrue(missing.getMessage().contains("no column status"), missing.getMessage());
            assertTrue(missing.getMessage().contains("b") && missing.getMessage().contains("n"),
                    "the error lists the columns the result has: " + missing.getMessage());
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }
}
