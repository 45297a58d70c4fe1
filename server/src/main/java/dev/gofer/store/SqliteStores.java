package dev.gofer.store;

import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.function.Function;

/** The embedded default: one SQLite file, zero set-up. */
public final class SqliteStores {
    private SqliteStores() {
    }

    public static SqlStore open(Vertx vertx, Path file) {
        // SQLite allows one writer; a single connection keeps writes in the order they were issued.
        io.vertx.sqlclient.Pool pool = JDBCPool.pool(vertx,
                new JDBCConnectOptions().setJdbcUrl("jdbc:sqlite:" + file + "?foreign_keys=on&busy_timeout=5000"),
                new PoolOptions().setMaxSize(1).setName("gofer-sqlite"));
        return new SqlStore(pool, Function.identity());
    }
}
