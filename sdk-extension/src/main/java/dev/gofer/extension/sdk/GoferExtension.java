package dev.gofer.extension.sdk;

/**
 * What an extension author implements: one class, created once per container start by the factory given to
 * {@link ExtensionRunner#run}. Gofer calls these methods one at a time, on a worker thread (blocking is fine).
 * Throw {@link ExtensionException} to refuse a call with a message for the user.
 */
public interface GoferExtension {
    /** What the extension does and which settings it takes; shown by {@code gofer extension get}. */
    Documentation documentation();

    /** The install settings, once, before any subscription. Refuse bad ones with {@link ExtensionException#invalid}. */
    default void init(Settings installSettings) {
    }

    /**
     * Start acting for a pipeline. Must be idempotent: Gofer re-sends every subscription after a restart, and
     * the same key again replaces the old settings. Refuse bad settings with {@link ExtensionException#invalid}.
     */
    void subscribe(Subscription subscription);

    /** Stop acting for a pipeline. Unknown keys are not an error. */
    void unsubscribe(SubscriptionKey key);

    /** An HTTP call Gofer received on {@code POST /api/external/<extension id>}; return a short message for the caller. */
    default EventResult externalEvent(ExternalEvent event) {
        throw ExtensionException.invalid("this extension takes no external events");
    }

    /** Gofer is about to stop the container: stop timers, flush state. */
    default void shutdown() {
    }
}
