package dev.gofer.extensions;

import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the API asks of the extension supervisor: the typed face of {@code Bus.EXTENSIONS}, as {@code runs.Runs} is
 * the orchestrator's. Refusals fail with a {@code GoferException} (or, over the bus, a reply failure carrying its
 * HTTP status and message).
 */
public interface Extensions {
    /** Installs and starts the extension; nothing stays installed when it does not start. */
    Future<ExtensionView> install(String id, String image, RegistryAuth auth, Map<String, String> settings);

    Future<List<ExtensionView>> list();

    Future<ExtensionView> get(String id);

    /** Stops (disable) or starts (enable) the extension's container and stores the choice. */
    Future<Void> setEnabled(String id, boolean enable);

    /** Unsubscribes every pipeline, stops the container and deletes the registration and its subscriptions. */
    Future<Void> uninstall(String id);

    Future<ExtensionSubscription> subscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                            Map<String, String> settings);

    Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String namespaceId, String pipelineId);

    Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId);

    Future<ExtensionSubscription> subscription(String namespaceId, String pipelineId, String extensionId, String subscriptionId);

    Future<Void> unsubscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId);

    /**
     * Tells the extension, when it runs, to stop acting on a subscription whose row went with its deleted pipeline
     * (an extension not running gets only the stored subscriptions at its next start).
     */
    Future<Void> forget(String namespaceId, String pipelineId, String extensionId, String subscriptionId);

    /** {@code active} or {@code disabled}; disabled tells the extension to stop acting on it. */
    Future<Void> setSubscriptionStatus(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                       String status);

    /** Forwards an HTTP call to the extension; its refusals come back with the matching HTTP meaning. */
    Future<ExternalEventReply> externalEvent(String extensionId, Map<String, String> headers, byte[] body, String path);

    /** Where the extension's containers' output is; fails with not found when it is not installed. */
    Future<Path> logFile(String extensionId);

    /** Whether the extension is still installed (a following log reader stops when it is not). */
    Future<Boolean> installed(String extensionId);

    /** What Gofer knows of the extension (state, restarts, last error, container, subscriptions); not found when not installed. */
    Future<ExtensionDebug> debug(String extensionId);

    static Extensions onBus(EventBus bus) {
        return new BusExtensions(bus);
    }
}
