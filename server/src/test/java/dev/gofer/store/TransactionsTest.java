package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statements sent behind BEGIN, before its answer, on both stores: still one transaction, and connections go back. */
class TransactionsTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        cleanups.forEach(Runnable::run);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    @DisplayName("work sent behind BEGIN commits as one, or rolls back as one, and every connection is returned")
    void workSentBehindBeginIsOneTransaction(String kind) throws Exception {
        Pool pool = open(kind);
        await(Transactions.run(pool, conn -> conn.query("CREATE TABLE tx_probe (x INTEGER PRIMARY KEY)").execute()));

        // both inserts go out at once; the second breaks the key: the first must not stay
        assertThrows(ExecutionException.class, () -> get(Transactions.run(pool, conn -> Future.all(insert(conn, 1), insert(conn, 1)))));
        assertEquals(0, count(pool), "the first insert was rolled back with the failed one");

        // work that throws after sending a statement: rolled back, and its connection released (more times than
        // the pool has connections: SQLite's writer pool has one)
        for (int i = 0; i < 5; i++) {
            assertThrows(ExecutionException.class, () -> get(Transactions.<Void>run(pool, conn -> {
                insert(conn, 2);
                throw new IllegalStateException("work failed after its first statement");
            })));
        }
        assertEquals(0, count(pool), "the statement sent before the work threw was rolled back");

        await(Transactions.run(pool, conn -> Future.all(insert(conn, 1), insert(conn, 2))));
        assertEquals(2, count(pool), "committed");
    }

    private Pool open(String kind) throws Exception {
        ServerSettings settings = ServerSettings.forDataDir(Files.createTempDirectory("gofer-tx"), 0);
        if (kind.equals("postgres")) {
            String uri = TestDatabases.newPostgresSchema(vertx);
            cleanups.add(() -> TestDatabases.dropPostgresSchema(vertx, uri));
            settings = settings.withStore(uri);
        }
        return Stores.open(vertx, settings, event -> { }).store().pool();
    }

    private static Future<Void> insert(SqlConnection conn, int x) {
        return conn.query("INSERT INTO tx_probe (x) VALUES (" + x + ")").execute().mapEmpty();
    }

    private static int count(Pool pool) {
        return await(pool.query("SELECT COUNT(*) AS n FROM tx_probe").execute()).iterator().next().getInteger(0);
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) {
        try {
            return get(f);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
