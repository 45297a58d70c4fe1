package dev.gofer.store;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL the tests use: scripts/test-env.sh starts one on 127.0.0.1 with role and database
 * "gofer". Each test gets its own schema, dropped afterwards. No PostgreSQL is a failure, never a skip.
 */
public final class TestDatabases {
    public static final String POSTGRES_URI = System.getenv().getOrDefault("GOFER_TEST_POSTGRES",
            "postgres://gofer:gofer@127.0.0.1:5432/gofer");

    private TestDatabases() {
    }

    /**
     * Settings for a fresh store of {@code kind}: "sqlite", a database under a new temp dir named after
     * {@code dirPrefix}; "postgres", a new schema (and its data dir there too), dropped by what is added to {@code cleanups}.
     */
    public static ServerSettings settingsFor(String kind, String dirPrefix, Vertx vertx, List<Runnable> cleanups) throws IOException {
        ServerSettings settings = ServerSettings.forDataDir(Files.createTempDirectory(dirPrefix), 0);
        if (kind.equals("postgres")) {
            String uri = newPostgresSchema(vertx);
            cleanups.add(() -> dropPostgresSchema(vertx, uri));
            settings = settings.withStore(uri);
        }
        return settings;
    }

    /** Creates a fresh schema and returns the store setting that points at it. */
    public static String newPostgresSchema(Vertx vertx) {
        String schema = "gofer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin(vertx, "CREATE SCHEMA " + schema);
        return POSTGRES_URI + "?schema=" + schema;
    }

    public static void dropPostgresSchema(Vertx vertx, String storeUri) {
        String schema = storeUri.substring(storeUri.indexOf("?schema=") + "?schema=".length());
        admin(vertx, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void admin(Vertx vertx, String sql) {
        Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(POSTGRES_URI)).using(vertx).build();
        try {
            pool.query(sql).execute().eventually(pool::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("PostgreSQL at " + POSTGRES_URI.replaceAll("//[^@]*@", "//***@")
                    + " is needed for these tests; run `bash scripts/test-env.sh` first (" + e + ")", e);
        }
    }
}
