package dev.gofer.extensions;

import java.util.List;

/**
 * What Gofer knows of one extension, for {@code GET /api/extensions/{id}/debug}: its supervision state, the
 * container it runs in (null when none runs) and its subscriptions. The API shows no settings from here: install
 * and subscription settings may hold secrets, and the extension's key is never part of it.
 */
public record ExtensionDebug(ExtensionView view, String containerId, List<ExtensionSubscription> subscriptions) {
    public ExtensionDebug {
        subscriptions = List.copyOf(subscriptions);
    }
}
