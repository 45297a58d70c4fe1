package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.spi.DatabaseMetadata;
import java.util.concurrent.atomic.AtomicBoolean;

/** A connection taken for a write: closing it (once) ends the write in {@link WriteGeneration}. */
final class WriteConnection implements SqlConnection {
    private final SqlConnection connection;
    private final WriteGeneration writes;
    private final AtomicBoolean closed = new AtomicBoolean();

    WriteConnection(SqlConnection connection, WriteGeneration writes) {
        this.connection = connection;
        this.writes = writes;
    }

    @Override
    public Future<Void> close() {
        if (closed.compareAndSet(false, true)) {
            writes.end();
        }
        return connection.close();
    }

    @Override
    public Future<PreparedStatement> prepare(String sql) {
        return connection.prepare(sql);
    }

    @Override
    public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
        return connection.prepare(sql, options);
    }

    @Override
    public SqlConnection exceptionHandler(Handler<Throwable> handler) {
        connection.exceptionHandler(handler);
        return this;
    }

    @Override
    public SqlConnection closeHandler(Handler<Void> handler) {
        connection.closeHandler(handler);
        return this;
    }

    @Override
    public Future<Transaction> begin() {
        return connection.begin();
    }

    @Override
    public Transaction transaction() {
        return connection.transaction();
    }

    @Override
    public boolean isSSL() {
        return connection.isSSL();
    }

    @Override
    public DatabaseMetadata databaseMetadata() {
        return connection.databaseMetadata();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return connection.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return connection.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return connection.preparedQuery(sql, options);
    }
}
