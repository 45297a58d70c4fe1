package dev.gofer.extensions;

import dev.gofer.scheduler.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the extension supervisor asks of the container engine: the typed face of the scheduler's extension
 * addresses on the bus, as {@code runs.Containers} is the orchestrator's. {@code SchedulerVerticle} answers.
 */
public interface ExtensionContainers {
    /**
     * Starts the container; completes with its id once it runs. Its output is appended to {@code logFile}; its end
     * arrives later on {@code Bus.EXTENSION_CONTAINER_EXITED}.
     */
    Future<String> start(ContainerSpec spec, Path logFile);

    /** The address other containers reach it at; empty when it has none (not running). */
    Future<Optional<String>> address(String containerId);

    /** Removes the container, stopping it first if it still runs. */
    Future<Void> remove(String containerId);

    /** Empty when the engine answers; otherwise what is wrong. */
    Future<Optional<String>> problem();

    /** The host containers reach Gofer at ({@code configured} when set). */
    Future<String> hostForContainers(String configured);

    /** Whether the image is here or can be pulled. */
    Future<Boolean> imageAvailable(String image);

    /** The image Gofer itself runs from, when it runs in a container of the engine. */
    Future<Optional<String>> ownImage();

    static ExtensionContainers onBus(EventBus bus) {
        return new BusExtensionContainers(bus);
    }
}
