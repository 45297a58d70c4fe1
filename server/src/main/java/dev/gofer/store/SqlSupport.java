package dev.gofer.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The few query helpers the small SQL stores share (same rules as {@link SqlStore}: every write in a transaction). */
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
        return q(client, sql, args).map(rows -> {
            List<T> out = new ArrayList<>();
            rows.forEach(r -> out.add(mapper.apply(r)));
            return out;
        });
    }

    <T> Future<Optional<T>> one(SqlClient client, Function<Row, T> mapper, String sql, Object... args) {
        return list(client, mapper, sql, args).map(l -> l.stream().findFirst());
    }
}
