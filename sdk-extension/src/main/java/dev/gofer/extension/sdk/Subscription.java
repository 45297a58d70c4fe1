package dev.gofer.extension.sdk;

public record Subscription(SubscriptionKey key, Settings settings) {
}
