package dev.gofer.store;

import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.Map;

/** Opens the store a setting names: SQLite (the embedded default, zero set-up) or PostgreSQL. */
public final class Stores {
    private Stores() {
    }

    public static SqlStore open(Vertx vertx, Path file) {
        // SQLite allows one writer; a single connection keeps writes in the order they were issued.
        Pool pool = JDBCPool.pool(vertx,
                new JDBCConnectOptions().setJdbcUrl("jdbc:sqlite:" + file + "?foreign_keys=on&busy_timeout=5000"),
                new PoolOptions().setMaxSize(1).setName("gofer-sqlite"));
        return new SqlStore(pool, Dialect.SQLITE);
    }

    /** The store the {@code store} setting names; anything but a postgres:// URI means SQLite under the data dir. */
    public static SqlStore open(Vertx vertx, dev.gofer.config.ServerSettings settings) {
        if (!settings.usesPostgres()) {
            if (!settings.store().isBlank() && !settings.store().equals("sqlite")) {
                throw new IllegalArgumentException("setting store must be 'sqlite' or a postgres:// URI, got '"
                        + settings.store().replaceAll("//[^@/]*@", "//***@") + "'");
            }
            return open(vertx, settings.databaseFile());
        }
        String uri = settings.store();
        String schema = null;
        int q = uri.indexOf("?schema=");
        if (q >= 0) {
            schema = uri.substring(q + "?schema=".length());
            uri = uri.substring(0, q);
        }
        return openPostgres(vertx, uri, schema);
    }

    /**
     * @param uri    {@code postgres://user:password@host:port/database}
     * @param schema null for the user's default search path; tests use a throwaway schema each
     */
    public static SqlStore openPostgres(Vertx vertx, String uri, String schema) {
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        if (schema != null) {
            options.setProperties(Map.of("search_path", schema));
        }
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8).setName("gofer-postgres"))
                .connectingTo(options).using(vertx).build();
        return new SqlStore(pool, Dialect.POSTGRES);
    }
}
