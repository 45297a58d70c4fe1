package dev.gofer.store;

import dev.gofer.config.ServerSettings;
import dev.gofer.files.PrivateFiles;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import dev.gofer.events.Event;
import dev.gofer.events.EventLog;

/** Opens the store a setting names: SQLite (the embedded default, zero set-up) or PostgreSQL. */
public final class Stores {
    private Stores() {
    }

    /**
     * Read-only connections beside SQLite's one writer. A read holds its connection for its statement and for the
     * hops to a worker thread and back, mostly waiting for a CPU under load; with 4, requests under load spent most
     * of their time in the server queued for one (bench/PROFILE.md, "Twenty-fourth session").
     */
    static final int SQLITE_READERS = 8;
    /**
     * Each read connection's page cache, KiB: half SQLite's default of 2,000, so {@value #SQLITE_READERS} readers
     * can hold no more memory than 4 did with the default. Pages not cached come from the OS's file cache.
     */
    static final int SQLITE_READER_CACHE_KIB = 1000;
    /** PostgreSQL connections for transactions (every write), one statement at a time. */
    static final int POSTGRES_CONNECTIONS = 8;
    /** Pipelined connections for PostgreSQL statements outside a transaction (see {@link SplitPool}). */
    static final int POSTGRES_PIPELINED = 2;

    /**
     * SQLite allows one writer; a single connection for transactions keeps writes in the order they were issued
     * (and makes event ids, allocated inside transactions, follow commit order). Reads outside a transaction go
     * to {@value #SQLITE_READERS} read-only connections instead (see {@link SplitPool}): in WAL mode they run
     * beside the writer, so API requests do not queue behind it. Both pools decode values with {@link SqliteValues},
     * which the JDBC client finds through its service file, not through anything here. The driver's native library
     * comes from the launcher's cache when it names one ({@link SqliteNativeLibrary}).
     */
    public static Pool sqlitePool(Vertx vertx, Path file) {
        privateDatabase(file);
        SqliteNativeLibrary.useCacheIfSet();
        String url = "jdbc:sqlite:" + file;
        SQLiteConfig write = new SQLiteConfig();
        write.enforceForeignKeys(true);
        write.setBusyTimeout(5000);
        // WAL is a property of the database file; the writer connects first (migrations) and sets it
        write.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteConfig read = new SQLiteConfig();
        read.setReadOnly(true);
        read.setCacheSize(-SQLITE_READER_CACHE_KIB); // negative: KiB, not pages
        read.setBusyTimeout(5000);
        return new SplitPool(
                JDBCPool.pool(vertx, dataSource(url, write), new PoolOptions().setMaxSize(1).setName("gofer-sqlite")),
                JDBCPool.pool(vertx, dataSource(url, read), new PoolOptions().setMaxSize(SQLITE_READERS).setName("gofer-sqlite-read")));
    }

    /**
     * The database file is made 0600 before SQLite opens it (SQLite creates its -wal and -shm files with the database's
     * permissions); files left 0644 by an older Gofer are tightened.
     */
    private static void privateDatabase(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null && Files.isDirectory(file.toAbsolutePath().getParent())) {
                PrivateFiles.file(file);
                for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                    Path side = file.resolveSibling(file.getFileName() + suffix);
                    if (Files.exists(side)) {
                        PrivateFiles.file(side);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource dataSource(String url, SQLiteConfig config) {
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /** One database, opened: its pool and dialect, the event log on it and the main store. */
    public record Opened(Pool pool, Dialect dialect, EventLog events, SqlStore store) {
    }

    /**
     * The database the {@code store} setting names (anything but a postgres:// URI means SQLite under the
     * data dir); {@code publisher} gets each event once its transaction has committed.
     */
    public static Opened open(Vertx vertx, ServerSettings settings, Consumer<Event> publisher) {
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
            pool = postgresPool(vertx, settings.store());
            dialect = Dialect.POSTGRES;
        }
        EventLog events = new EventLog(pool, dialect, System::currentTimeMillis, publisher);
        return new Opened(pool, dialect, events, new SqlStore(pool, dialect, events));
    }

    /**
     * @param store the {@code store} setting: {@code postgres://user:password@host:port/database}, with
     *              {@code ?schema=name} for a schema other than the user's default search path (tests use a
     *              throwaway schema each)
     */
    static Pool postgresPool(Vertx vertx, String store) {
        String uri = store;
        String schema = null;
        int q = store.indexOf("?schema=");
        if (q >= 0) {
            schema = store.substring(q + "?schema=".length());
            uri = store.substring(0, q);
        }
        // each statement parsed and planned once per connection, not at every query: with 200 runs in flight
        // (benchmark 6) a connection was held about half as long per API read (bench/PROFILE.md, "Twentieth session")
        PgConnectOptions options = PgConnectOptions.fromUri(uri).setCachePreparedStatements(true);
        if (schema != null) {
            options.setProperties(Map.of("search_path", schema));
        }
        return new SplitPool(
                PgBuilder.pool().with(new PoolOptions().setMaxSize(POSTGRES_CONNECTIONS).setName("gofer-postgres"))
                        .connectingTo(options).using(vertx).build(),
                PgBuilder.client().with(new PoolOptions().setMaxSize(POSTGRES_PIPELINED).setName("gofer-postgres-read"))
                        .connectingTo(options).using(vertx).build());
    }
}
