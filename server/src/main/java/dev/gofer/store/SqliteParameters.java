package dev.gofer.store;

import io.vertx.core.json.JsonArray;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCEncoder;
import io.vertx.sqlclient.Tuple;

/**
 * How the SQLite pool binds a statement's parameters: each value as the stores pass it ({@code String},
 * {@code Long}, {@code Integer}, {@code Boolean} or null), which SQLite's driver binds by its Java type.
 *
 * <p>vertx-jdbc-client's own encoder first asks the statement's parameter metadata for each parameter's type; the
 * SQLite driver knows none and answers each by building an {@code SQLException}, stack trace included, which the
 * client catches. That was a few percent of what every read allocated (bench/PROFILE.md, "Fifteenth session").
 * Found, like {@link SqliteValues}, through {@link java.util.ServiceLoader}:
 * {@code META-INF/services/io.vertx.jdbcclient.spi.JDBCEncoder}.
 */
public final class SqliteParameters implements JDBCEncoder {
    @Override
    public Object encode(JsonArray values, int pos, JDBCColumnDescriptorProvider provider) {
        return values.getValue(pos - 1);
    }

    @Override
    public Object encode(Tuple values, int pos, JDBCColumnDescriptorProvider provider) {
        return values.getValue(pos - 1);
    }
}
