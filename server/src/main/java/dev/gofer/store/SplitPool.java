package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One {@link Pool} over two: every connection taken from it (transactions, {@link #withConnection}) comes from
 * {@code connections}; statements run straight on the pool, outside a transaction, go to {@code statements}. Every
 * write in Gofer runs in a transaction, so the statements are reads.
 * <ul>
 * <li>SQLite: {@code connections} is the single writer connection, so writes stay serial and event ids follow commit
 * order (see EventLog); {@code statements} are read-only connections. In WAL mode readers neither wait for the
 * writer nor block it, and each statement sees everything committed before it began, so a read issued after a
 * write's future completed sees that write. A bare write would land on a read-only connection and fail loudly
 * ("attempt to write a readonly database").</li>
 * <li>PostgreSQL: {@code connections} run one statement at a time; {@code statements} is a pipelined client, whose
 * connections take the next statement without waiting for the answer to the one before, so a read waits neither for
 * a free connection nor for the database to be scheduled once per statement (bench/PROFILE.md, "Twentieth
 * session").</li>
 * </ul>
 * Every connection taken counts as a write in {@link #writes()} from when it is asked for until it is given back, so
 * {@link ReadCache} knows when a read may be stale.
 */
final class SplitPool implements Pool {
    private final Pool connections;
    private final SqlClient statements;
    private final WriteGeneration writes = new WriteGeneration();

    SplitPool(Pool connections, SqlClient statements) {
        this.connections = connections;
        this.statements = statements;
    }

    WriteGeneration writes() {
        return writes;
    }

    /** The write ends when the connection is closed (given back), i.e. after its transaction's commit or rollback. */
    @Override
    public Future<SqlConnection> getConnection() {
        writes.begin();
        return connections.getConnection().transform(taken -> {
            if (taken.failed()) {
                writes.end();
                return Future.failedFuture(taken.cause());
            }
            return Future.succeededFuture(new WriteConnection(taken.result(), writes));
        });
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return counted(() -> connections.withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation txPropagation, Function<SqlConnection, Future<T>> function) {
        return counted(() -> connections.withTransaction(txPropagation, function));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return counted(() -> connections.withConnection(function));
    }

    private <T> Future<T> counted(Supplier<Future<T>> write) {
        writes.begin();
        Future<T> done;
        try {
            done = write.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.andThen(ended -> writes.end());
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return statements.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return statements.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return statements.preparedQuery(sql, options);
    }

    /** Connections open or being opened, both sides together (a pipelined client's are not counted: it has no size). */
    @Override
    public int size() {
        return connections.size() + (statements instanceof Pool pool ? pool.size() : 0);
    }

    @Override
    public Future<Void> close() {
        return Future.join(statements.close(), connections.close()).mapEmpty();
    }
}
