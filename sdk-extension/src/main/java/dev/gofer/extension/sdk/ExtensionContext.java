package dev.gofer.extension.sdk;

import java.util.Map;

/** What the SDK offers the extension: who it is, starting runs, logging. */
public interface ExtensionContext {
    /** The id the extension was installed under ({@code GOFER_EXTENSION_SYSTEM_ID}). */
    String extensionId();

    /**
     * Starts a run of the subscribed pipeline; the variables become run variables (source {@code extension}).
     * Blocks until Gofer answered, so call it from your own threads or from a callback, never from a Vert.x
     * event loop. Returns the run id.
     *
     * @throws ExtensionException when Gofer refused (e.g. the pipeline is no longer subscribed)
     */
    long startRun(SubscriptionKey subscription, Map<String, String> variables);

    /** The extension's own key-value store, kept by Gofer across restarts of the container. */
    KeyValueStore store();

    /** Prints one line to the container's output, which {@code gofer extension logs} shows. */
    void log(String message);
}
