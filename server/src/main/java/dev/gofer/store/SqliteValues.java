package dev.gofer.store;

import io.vertx.jdbcclient.impl.actions.JDBCColumnDescriptor;
import io.vertx.jdbcclient.impl.actions.SQLValueProvider;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoder;
import java.sql.CallableStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the SQLite pool turns a result's columns into row values: each value as SQLite holds it ({@code Integer} or
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}, or null), which is all the stores read
 * ({@code getString}, {@code getLong}, {@code getInteger}).
 *
 * <p>vertx-jdbc-client's own decoder asks the result's metadata for the column's type name, type and class for every
 * cell; the SQLite driver answers each by reading the declared type and matching it against patterns, which made
 * that lookup most of a read's CPU (a list of 50 runs: ~1.4 ms per query through the pool, ~0.25 ms with this;
 * bench/PROFILE.md). The JDBC client finds its decoder with {@link java.util.ServiceLoader}, so this class is named
 * in {@code META-INF/services/io.vertx.jdbcclient.spi.JDBCDecoder}; only the SQLite pool uses the JDBC client
 * (PostgreSQL has its own). The interface names two of the client's internal types; nothing here uses them.
 */
public final class SqliteValues implements JDBCDecoder {
    @Override
    public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider jdbcTypeLookup) throws SQLException {
        return rs.getObject(pos);
    }

    @Override
    public Object parse(CallableStatement cs, int pos, JDBCColumnDescriptorProvider jdbcTypeLookup) throws SQLException {
        return cs.getObject(pos);
    }

    @Override
    public Object decode(JDBCColumnDescriptor descriptor, SQLValueProvider valueProvider) throws SQLException {
        return valueProvider.apply(null);
    }

    @Override
    public Object cast(Object value) {
        return value;
    }
}
