package dev.gofer.extension.sdk;

/** One pipeline's subscription to this extension; {@code subscriptionId} is the user's label. */
public record SubscriptionKey(String namespaceId, String pipelineId, String subscriptionId) {
    @Override
    public String toString() {
        return namespaceId + "/" + pipelineId + "/" + subscriptionId;
    }
}
