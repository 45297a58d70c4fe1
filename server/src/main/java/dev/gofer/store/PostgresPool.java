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

/**
 * PostgreSQL as one {@link Pool}: connections taken from it (transactions, {@link #withConnection}) come from a pool
 * whose connections run one statement at a time; statements run straight on the pool, outside a transaction (the API's
 * reads), go to a pipelined client instead: each of its connections takes the next statement without waiting for the
 * answer to the one before, so a read waits neither for a free connection nor for the server to be scheduled once
 * per statement. Measured under load in bench/PROFILE.md ("Twentieth session"). Every write in Gofer runs in a
 * transaction (see {@link SqlitePool}); a statement on the client commits on its own, as on any connection.
 */
final class PostgresPool implements Pool {
    private final Pool connections;
    private final SqlClient statements;

    PostgresPool(Pool connections, SqlClient statements) {
        this.connections = connections;
        this.statements = statements;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return connections.getConnection();
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return connections.withTransaction(function);
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation txPropagation, Function<SqlConnection, Future<T>> function) {
        return connections.withTransaction(txPropagation, function);
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return connections.withConnection(function);
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

    /** Connections of the pool open or being opened (the pipelined client's are not counted). */
    @Override
    public int size() {
        return connections.size();
    }

    @Override
    public Future<Void> close() {
        return Future.join(statements.close(), connections.close()).mapEmpty();
    }
}
