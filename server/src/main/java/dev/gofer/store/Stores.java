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
import java.util.function.Consumer;
import dev.gofer.events.Event;
import dev.gofer.events.EventLog;

/** Opens the store a setting names: SQLite (the embedded default, zero set-up) or PostgreSQL. */
public final class Stores {
    private Stores() {
    }

    /**
     * SQLite allows one writer; a single connection keeps writes in the order they were issued (and makes
     * event ids, allocated inside transactions, follow commit order).
     */
    public static Pool sqlitePool(Vertx vertx, Path file) {
        return JDBCPool.pool(vertx,
                new JDBCConnectOptions().setJdbcUrl("jdbc:sqlite:" + file + "?foreign_keys=on&busy_timeout=5000"),
                new PoolOptions().setMaxSize(1).setName("gofer-sqlite"));
    }

    /** One database, opened: its pool and dialect, the event log on it and the main store. */
    public record Opened(Pool pool, Dialect dialect, EventLog events, SqlStore store) {
    }

    /**
     * The database the {@code store} setting names (anything but a postgres:// URI means SQLite under the
     * data dir); {@code publisher} gets each event once its transaction has committed.
     */
    public static Opened open(Vertx vertx, dev.gofer.config.ServerSettings settings, Consumer<Event> publisher) {
        Pool pool;
        Dialect dialect;
        if (!settings.usesPostgres()) {
            if (!settings.store().isBlank() && !settings.store().equals("sqlite")) {
                throw new IllegalArgumentException("setting store must be 'sqlite' or a postgres:// URI, got '"
                        + settings.store().replaceAll("//[^@/]*@", "//***@") + "'");
            }
            pool = sqlitePool(vertx, settings.databaseFile());
            dialect = Dialect.SQLITE;
        } else {
            String uri = settings.store();
            String schema = null;
            int q = uri.indexOf("?schema=");
            if (q >= 0) {
                schema = uri.substring(q + "?schema=".length());
                uri = uri.substring(0, q);
            }
            pool = postgresPool(vertx, uri, schema);
            dialect = Dialect.POSTGRES;
        }
        EventLog events = new EventLog(pool, dialect, System::currentTimeMillis, publisher);
        return new Opened(pool, dialect, events, new SqlStore(pool, dialect, events));
    }

    /**
     * @param uri    {@code postgres://user:password@host:port/database}
     * @param schema null for the user's default search path; tests use a throwaway schema each
     */
    public static Pool postgresPool(Vertx vertx, String uri, String schema) {
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        if (schema != null) {
            options.setProperties(Map.of("search_path", schema));
        }
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(8).setName("gofer-postgres"))
                .connectingTo(options).using(vertx).build();
    }
}
