package dev.gofer.extension.sdk;

import java.util.List;
import java.util.Optional;

/**
 * The extension's own small key-value store, kept by Gofer: it outlives the container (a restarted extension
 * finds what it stored, e.g. the last event it handled), and users can inspect it as the extension's objects
 * ({@code GET /api/extensions/{id}/objects}). Keys: letters, digits, {@code -_.}; values up to 1 MiB of text.
 * Calls block until Gofer answered: make them from your own threads, never from a Vert.x event loop.
 *
 * @throws ExtensionException (from every method) when Gofer refused the call or could not be reached
 */
public interface KeyValueStore {
    Optional<String> get(String key);

    /** Creates or replaces the value. */
    void put(String key, String value);

    /** Idempotent: deleting an absent key is not an error. */
    void delete(String key);

    List<String> keys();
}
