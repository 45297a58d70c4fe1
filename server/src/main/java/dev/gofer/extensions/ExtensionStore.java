package dev.gofer.extensions;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** Extension registrations and pipeline subscriptions (migration 3). */
public interface ExtensionStore {
    Future<List<ExtensionRegistration>> registrations();

    Future<Optional<ExtensionRegistration>> registration(String extensionId);

    /** False when one with this id exists already (nothing changed). */
    Future<Boolean> insertRegistration(ExtensionRegistration registration);

    Future<Void> updateRegistration(ExtensionRegistration registration);

    /** Deletes the registration and, by cascade, its subscriptions. */
    Future<Void> deleteRegistration(ExtensionRegistration registration);

    Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId);

    Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String namespaceId, String pipelineId);

    Future<Optional<ExtensionSubscription>> subscription(String namespaceId, String pipelineId, String extensionId, String subscriptionId);

    /** False when this subscription exists already (nothing changed). */
    Future<Boolean> insertSubscription(ExtensionSubscription subscription);

    Future<Void> updateSubscription(ExtensionSubscription subscription);

    Future<Void> deleteSubscription(ExtensionSubscription subscription);
}
