package dev.gofer.objects;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Vertx;
import java.time.Duration;

/** The object backend the settings choose: {@code object_store: filesystem} (the default) or {@code s3}. */
public final class ObjectBackends {
    /** Leftovers younger than this may belong to an upload still under way, so the sweeper leaves them. */
    public static final Duration ORPHAN_AGE = Duration.ofHours(24);
    /** How often the S3 sweeper looks for leftovers (the filesystem clears its staging folder at start). */
    public static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private ObjectBackends() {
    }

    public static ObjectBackend create(Vertx vertx, ServerSettings settings) {
        return settings.objectStore().equals("s3")
                ? new S3Backend(vertx, settings.s3(), settings.objectSizeLimit(), ORPHAN_AGE)
                : new FilesystemBackend(vertx, settings.objectsDir());
    }
}
