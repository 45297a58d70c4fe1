package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import java.util.function.Function;

/**
 * SQLite as one {@link Pool}: every connection taken from it (transactions, {@link #withConnection}) is the single
 * writer connection, so writes stay serial and event ids follow commit order (see EventLog); statements run
 * straight on the pool, outside a transaction, go to a pool of read-only connections. In WAL mode readers neither
 * wait for the writer nor block it, and each statement sees everything committed before it began, so a read issued
 * after a write's future completed sees that write. Every write in Gofer runs in a transaction; a bare write on the
 * pool would land on a read-only connection and fail loudly ("attempt to write a readonly database").
 */
final class SqlitePool implements Pool {
    private final Pool writer;
    private final Pool readers;

    SqlitePool(Pool writer, Pool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return writer.getConnection();
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return writer.withTransaction(function);
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation txPropagation, Function<SqlConnection, Future<T>> function) {
        return writer.withTransaction(txPropagation, function);
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return writer.withConnection(function);
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return readers.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return readers.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return readers.preparedQuery(sql, options);
    }

    /** Connections open or being opened, writer and readers together. */
    @Override
    public int size() {
        return writer.size() + readers.size();
    }

    @Override
    public Future<Void> close() {
        return Future.join(readers.close(), writer.close()).mapEmpty();
    }
}
