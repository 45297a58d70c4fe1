package com.example.greeter;

import dev.gofer.extension.sdk.Documentation;
import dev.gofer.extension.sdk.Documentation.Param;
import dev.gofer.extension.sdk.EventResult;
import dev.gofer.extension.sdk.ExtensionContext;
import dev.gofer.extension.sdk.ExtensionException;
import dev.gofer.extension.sdk.ExtensionRunner;
import dev.gofer.extension.sdk.ExternalEvent;
import dev.gofer.extension.sdk.GoferExtension;
import dev.gofer.extension.sdk.Settings;
import dev.gofer.extension.sdk.Subscription;
import dev.gofer.extension.sdk.SubscriptionKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK example: {@code POST /api/external/greeter/<subscription>} with a name as the body starts a run of the
 * subscribed pipeline with {@code GREETING="<greeting> from <name>"} and {@code GREETING_NUMBER} (counted in the
 * extension's key-value store, so the count survives restarts). One class, one main; the SDK does the rest.
 */
public final class GreeterExtension implements GoferExtension {
    private final ExtensionContext context;
    private final Map<String, Subscription> byLabel = new ConcurrentHashMap<>();
    private volatile boolean loud;

    public GreeterExtension(ExtensionContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        ExtensionRunner.run(GreeterExtension::new);
    }

    @Override
    public Documentation documentation() {
        return new Documentation("POST your name to /api/external/<extension id>/<subscription> to start a run that greets from you.",
                List.of(Param.optional("style", "plain (default) or loud (upper case)")),
                List.of(Param.required("greeting", "the greeting, e.g. Hello")));
    }

    @Override
    public void init(Settings installSettings) {
        String style = installSettings.optional("style").orElse("plain");
        if (!style.equals("plain") && !style.equals("loud")) {
            throw ExtensionException.invalid("setting 'style': must be plain or loud, got '" + style + "'");
        }
        loud = style.equals("loud");
    }

    @Override
    public void subscribe(Subscription subscription) {
        String greeting = subscription.settings().required("greeting");
        if (greeting.length() > 100) {
            throw ExtensionException.invalid("setting 'greeting': at most 100 characters");
        }
        byLabel.put(subscription.key().subscriptionId(), subscription);
        context.log("subscribed " + subscription.key());
    }

    @Override
    public void unsubscribe(SubscriptionKey key) {
        byLabel.remove(key.subscriptionId());
    }

    @Override
    public EventResult externalEvent(ExternalEvent event) {
        Subscription sub = byLabel.get(event.path());
        if (sub == null) {
            throw ExtensionException.notFound("no subscription '" + event.path() + "'");
        }
        String name = new String(event.body(), StandardCharsets.UTF_8).trim();
        String greeting = sub.settings().required("greeting") + " from " + (name.isEmpty() ? "a stranger" : name);
        if (loud) {
            greeting = greeting.toUpperCase(java.util.Locale.ROOT);
        }
        long run = context.startRun(sub.key(), Map.of("GREETING", greeting, "GREETING_NUMBER", Long.toString(nextNumber())));
        return new EventResult("greeted in run " + run, List.of(sub.key().namespaceId() + "/" + sub.key().pipelineId() + "#" + run));
    }

    /** Read-modify-write of one key; synchronized because events may arrive on several threads at once. */
    private synchronized long nextNumber() {
        long n = context.store().get("greetings").map(Long::parseLong).orElse(0L) + 1;
        context.store().put("greetings", Long.toString(n));
        return n;
    }
}
