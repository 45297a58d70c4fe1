package dev.gofer.extensions;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.EngineQuery;
import dev.gofer.bus.Bus.StartExtensionContainer;
import dev.gofer.scheduler.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link ExtensionContainers} over the event bus; {@code SchedulerVerticle} answers. */
final class BusExtensionContainers implements ExtensionContainers {
    /** Pulling an image may take minutes (so may asking whether one can be pulled); the default 30 s would not do. */
    private static final DeliveryOptions LONG = new DeliveryOptions().setSendTimeout(Duration.ofMinutes(30).toMillis());

    private final EventBus bus;

    BusExtensionContainers(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public Future<String> start(ContainerSpec spec, Path logFile) {
        return bus.<String>request(Bus.START_EXTENSION_CONTAINER, new StartExtensionContainer(spec, logFile), LONG).map(Message::body);
    }

    @Override
    public Future<Optional<String>> address(String containerId) {
        return bus.<String>request(Bus.CONTAINER_ADDRESS, containerId, LONG).map(m -> Optional.ofNullable(m.body()));
    }

    @Override
    public Future<Void> remove(String containerId) {
        return bus.request(Bus.REMOVE_CONTAINER, containerId, LONG).mapEmpty();
    }

    @Override
    public Future<Optional<String>> problem() {
        return this.<String>ask(new EngineQuery.Problem()).map(Optional::ofNullable);
    }

    @Override
    public Future<String> hostForContainers(String configured) {
        return ask(new EngineQuery.HostForContainers(configured));
    }

    @Override
    public Future<Boolean> imageAvailable(String image) {
        return ask(new EngineQuery.ImageAvailable(image));
    }

    @Override
    public Future<Optional<String>> ownImage() {
        return this.<String>ask(new EngineQuery.OwnImage()).map(Optional::ofNullable);
    }

    private <T> Future<T> ask(EngineQuery query) {
        return bus.<T>request(Bus.ENGINE, query, LONG).map(Message::body);
    }
}
