package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pool keeps each statement prepared on its connection: a query sent again is bound and executed, not
 * parsed and planned again (with 200 runs in flight a connection was held about half as long per API read;
 * bench/PROFILE.md, "Twentieth session"). Seen from the server's side, in the session's
 * {@code pg_prepared_statements}.
 */
class PostgresPoolTest {
    private final Vertx vertx = Vertx.vertx();
    private String store;
    private Pool pool;

    @BeforeEach
    void openPool() {
        store = TestDatabases.newPostgresSchema(vertx);
        pool = Stores.postgresPool(vertx, store);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            pool.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            TestDatabases.dropPostgresSchema(vertx, store);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Statements outside a transaction (the API's reads) do not queue for the transactions' connections: with every
     * one of them held by an open transaction, 100 reads at once still complete, on the pipelined client.
     */
    @Test
    void readsOutsideATransactionDoNotWaitForTheTransactionsConnections() throws Exception {
        Promise<Void> release = Promise.promise();
        List<Future<Integer>> held = new ArrayList<>();
        try {
            List<Promise<Void>> open = new ArrayList<>();
            for (int i = 0; i < Stores.POSTGRES_CONNECTIONS; i++) {
                Promise<Void> opened = Promise.promise();
                open.add(opened);
                held.add(pool.withTransaction(c -> c.query("SELECT 1").execute()
                        .compose(x -> {
                            opened.complete();
                            return release.future();
                        }).map(x -> 1)));
            }
            Future.all(open.stream().map(Promise::future).toList()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<Future<Long>> reads = IntStream.range(0, 100).mapToObj(i -> pool.preparedQuery("SELECT $1::bigint AS n")
                    .execute(Tuple.of((long) i)).map(rows -> rows.iterator().next().getLong("n"))).toList();
            Future.all(reads).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < reads.size(); i++) {
                assertEquals(i, reads.get(i).result(), "read " + i + " got its own answer");
            }
        } finally {
            release.tryComplete();
            Future.join(held).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStatementSentTwiceIsPreparedOnceOnItsConnection() throws Exception {
        String sql = "SELECT $1::bigint AS run_id";
        Row prepared = pool.withConnection(c -> c.preparedQuery(sql).execute(Tuple.of(1L))
                        .compose(x -> c.preparedQuery(sql).execute(Tuple.of(2L)))
                        .compose(x -> c.preparedQuery("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1")
                                .execute(Tuple.of(sql)))
                        .map(rows -> rows.iterator().next()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // without the cache each query is an unnamed statement, which the view does not list: 0
        assertEquals(1L, prepared.getLong("n"), "the statement is prepared once on the connection and kept");
    }
}
