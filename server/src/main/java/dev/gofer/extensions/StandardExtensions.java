package dev.gofer.extensions;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the standard extensions that are not installed yet, from the gofer image (which runs each as
 * {@code gofer extension run <id>}). When that image is neither here nor pullable, one INFO line says so and
 * names the command that builds it; nothing else is logged (no engine error, no stack trace).
 */
final class StandardExtensions {
    static final String DEFAULT_IMAGE = "gofer:latest";
    /** Installed at start; webhook is standard too but opt-in (it serves a public port): install it by hand. */
    static final List<String> INSTALLED_AT_START = List.of("interval", "cron");
    private static final Logger LOG = LoggerFactory.getLogger(StandardExtensions.class);

    private enum Availability { NO_ENGINE, NO_IMAGE, AVAILABLE }

    private final ExtensionContainers engine;
    private final ExtensionSupervisor supervisor;

    StandardExtensions(ExtensionContainers engine, ExtensionSupervisor supervisor) {
        this.engine = engine;
        this.supervisor = supervisor;
    }

    void installMissing(Future<String> image) {
        List<Future<Boolean>> checks = INSTALLED_AT_START.stream().map(supervisor::installed).toList();
        Future.all(checks).compose(v -> {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                if (!checks.get(i).result()) {
                    missing.add(INSTALLED_AT_START.get(i));
                }
            }
            if (missing.isEmpty()) {
                return Future.succeededFuture();
            }
            return image.compose(img -> engine.problem().compose(problem -> problem.isPresent() ? Future.succeededFuture(Availability.NO_ENGINE)
                            : engine.imageAvailable(img).map(available -> available ? Availability.AVAILABLE : Availability.NO_IMAGE))
                    .compose(availability -> switch (availability) {
                        // no engine: the server's own warning says so already
                        case NO_ENGINE -> Future.succeededFuture();
                        case NO_IMAGE -> {
                            LOG.info("standard extensions {} not installed: image {} is not here and cannot be pulled; build it with"
                                    + " `scripts/build-image.sh` (or set std_extensions_image, or install_std_extensions=false)",
                                    String.join(", ", missing), img);
                            yield Future.succeededFuture();
                        }
                        case AVAILABLE -> Future.join(missing.stream().map(id -> supervisor.installIfMissing(id, img)
                                .onFailure(e -> LOG.warn("standard extension {} was not installed: {}", id, e.getMessage()))).toList())
                                .mapEmpty();
                    }));
        });
    }
}
