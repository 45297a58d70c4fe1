package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The query helpers every SQL store shares. Every write runs in a transaction: the JDBC pool leaves its connection in
 * manual-commit mode after any transaction, so a bare write would never be committed.
 */
final class SqlSupport {
    final Pool pool;
    private final Dialect dialect;

    SqlSupport(Pool pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    Future<RowSet<Row>> q(SqlClient client, String sql, Object... args) {
        return client.preparedQuery(dialect.placeholders(sql)).execute(Tuple.wrap(args));
    }

    Future<Void> write(String sql, Object... args) {
        return pool.withTransaction(conn -> q(conn, sql, args)).mapEmpty();
    }

    <T> Future<List<T>> list(SqlClient client, Function<Row, T> mapper, String sql, Object... args) {
        return rows(client, (columns, r) -> mapper.apply(r), sql, args);
    }

    /** For mappers that read many rows of many columns: the columns are found once per result ({@link Columns}). */
    <T> Future<List<T>> rows(SqlClient client, BiFunction<Columns, Row, T> mapper, String sql, Object... args) {
        return q(client, sql, args).map(rows -> {
            Columns columns = Columns.of(rows);
            List<T> out = new ArrayList<>();
            rows.forEach(r -> out.add(mapper.apply(columns, r)));
            return out;
        });
    }

    <T> Future<Optional<T>> one(SqlClient client, Function<Row, T> mapper, String sql, Object... args) {
        return row(client, (columns, r) -> mapper.apply(r), sql, args);
    }

    <T> Future<Optional<T>> row(SqlClient client, BiFunction<Columns, Row, T> mapper, String sql, Object... args) {
        return rows(client, mapper, sql, args).map(l -> l.stream().findFirst());
    }

    /** {@code (?, ?, ...)} with n marks, for an {@code IN} list. */
    static String marks(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** {@code first}'s arguments, then {@code rest}'s. */
    static Object[] args(List<Object> first, List<?> rest) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(rest);
        return all.toArray();
    }
}
