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

    /** SQLite takes the {@code ?} placeholders as they are. */
    public static final Function<String, String> DIALECT = Function.identity();

    /**
     * SQLite allows one writer; a single connection keeps writes in the order they were issued (and makes
     * event ids, allocated inside transactions, follow commit order).
     */
    public static io.vertx.sqlclient.Pool pool(Vertx vertx, Path file) {
        return JDBCPool.pool(vertx,
                new JDBCConnectOptions().setJdbcUrl("jdbc:sqlite:" + file + "?foreign_keys=on&busy_timeout=5000"),
                new PoolOptions().setMaxSize(1).setName("gofer-sqlite"));
    }
}
