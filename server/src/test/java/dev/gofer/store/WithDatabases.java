package dev.gofer.store;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * A test that opens stores ({@link TestDatabases}): one Vert.x instance per test, and what to undo after it
 * ({@code cleanups}: PostgreSQL schemas dropped, pools closed), run in order before Vert.x closes.
 */
public abstract class WithDatabases {
    protected final Vertx vertx = Vertx.vertx();
    protected final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void closeDatabases() throws Exception {
        cleanups.forEach(Runnable::run);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
