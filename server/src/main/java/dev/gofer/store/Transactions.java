package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * A transaction whose first statements go out right behind its BEGIN instead of after BEGIN's answer. A connection
 * runs its commands in the order they were given (the JDBC pool on one ordered worker queue, PostgreSQL's protocol
 * in order), so they still run inside the transaction, and the transaction costs one round trip to the database less
 * than with {@link Pool#withTransaction}, which waits for BEGIN first. Run and task writes take this path on every
 * run's critical path.
 */
public final class Transactions {
    private Transactions() {
    }

    /**
     * Runs {@code work} in one transaction on a connection of {@code pool}: committed if its future succeeds, rolled
     * back if it fails (with {@code work}'s failure). If BEGIN itself fails, the connection is broken and so are the
     * statements behind it; the failure is BEGIN's.
     */
    public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
        return pool.getConnection().compose(conn -> {
            Future<Transaction> begun = conn.begin();
            Future<T> done;
            try {
                done = work.apply(conn);
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            Future<T> statements = done;
            return begun
                    .compose(tx -> statements.transform(ended -> ended.succeeded()
                                    ? tx.commit().map(ended.result())
                                    // a failed statement may have rolled the transaction back already: the work's failure is the one to report
                                    : tx.rollback().transform(rolledBack -> Future.<T>failedFuture(ended.cause()))),
                            beginFailed -> statements.transform(ignored -> Future.<T>failedFuture(beginFailed)))
                    .onComplete(ended -> conn.close());
        });
    }
}
