package dev.gofer.extensions;

import java.util.Map;

/**
 * A pipeline's subscription to an extension. {@code subscriptionId} is the user's label (one pipeline may
 * subscribe to one extension several times). {@code reason} is set when the status is {@link #ERROR}.
 */
public record ExtensionSubscription(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                    Map<String, String> settings, String status, Reason reason, long created) {
    public static final String ACTIVE = "active";
    public static final String ERROR = "error";
    public static final String DISABLED = "disabled";

    /** {@code reason}: unknown, not_found or failed (the contract's subscription_status_reason_type). */
    public record Reason(String reason, String description) {
    }

    public ExtensionSubscription withStatus(String newStatus, Reason newReason) {
        return new ExtensionSubscription(namespaceId, pipelineId, extensionId, subscriptionId, settings, newStatus, newReason, created);
    }

    public String label() {
        return namespaceId + "/" + pipelineId + " → " + extensionId + "/" + subscriptionId;
    }
}
