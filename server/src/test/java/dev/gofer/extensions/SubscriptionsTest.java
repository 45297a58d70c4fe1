package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.extension.v1.SubscribeRequest;
import dev.gofer.proto.extension.v1.UnsubscribeRequest;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Subscription bookkeeping without a container: what is stored, what the extension is told, and what a refusal
 * leaves behind. The store and the extension's side are in memory; every future completes at once.
 */
class SubscriptionsTest {
    private final MemoryStore store = new MemoryStore();
    private final List<String> told = new ArrayList<>();
    /** Subscription ids the extension refuses, with the message it answers. */
    private final Map<String, String> refuses = new LinkedHashMap<>();
    private final ExtensionContainer tick = extension("tick", ExtensionState.RUNNING);
    private final Map<String, ExtensionContainer> installed = new LinkedHashMap<>(Map.of("tick", tick));
    private final Subscriptions subscriptions = new Subscriptions(store,
            (ns, pipeline) -> Set.of("build", "deploy").contains(pipeline) ? Future.succeededFuture()
                    : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found")),
            new SubscriptionSecrets(new SubscriptionSecrets.Source() {
                public Future<String> pipelineSecret(String ns, String pipeline, String key) {
                    return Future.succeededFuture("s3cr3t");
                }

                public Future<String> globalSecret(String ns, String key) {
                    return Future.failedFuture(new IllegalStateException("no global secrets here"));
                }
            }),
            installed::get, new Subscriptions.Calls() {
                public Future<Void> subscribe(ExtensionContainer extension, SubscribeRequest request) {
                    told.add("subscribe " + request.getSubscriptionId() + " " + request.getSettingsMap());
                    String refusal = refuses.get(request.getSubscriptionId());
                    return refusal == null ? Future.succeededFuture()
                            : Future.failedFuture(new GrpcCallException(GrpcStatus.INVALID_ARGUMENT, refusal));
                }

                public Future<Void> unsubscribe(ExtensionContainer extension, UnsubscribeRequest request) {
                    told.add("unsubscribe " + request.getSubscriptionId());
                    return Future.succeededFuture();
                }
            });

    private static ExtensionContainer extension(String id, ExtensionState state) {
        ExtensionContainer extension = new ExtensionContainer(
                new ExtensionRegistration(id, "img", null, Map.of(), ExtensionRegistration.ENABLED, 1, 1), null);
        extension.state = state;
        return extension;
    }

    private static ExtensionSubscription stored(String id, String status) {
        return new ExtensionSubscription("default", "build", "tick", id, Map.of("every", "1m"), status, null, 1);
    }

    @Test
    void aNewSubscriptionIsToldWithSecretsFilledInThenStored() {
        ExtensionSubscription sub = subscriptions.subscribe("default", "build", "tick", "nightly",
                Map.of("secret", "pipeline_secret{{HOOK}}")).result();
        assertEquals(List.of("subscribe nightly {secret=s3cr3t}"), told);
        assertEquals(Map.of("secret", "pipeline_secret{{HOOK}}"), store.subs.get("nightly").settings(),
                "the row keeps the placeholder, never the value");
        assertEquals(ExtensionSubscription.ACTIVE, sub.status());
    }

    @Test
    void aRefusedSubscriptionIsA400WithTheSecretMaskedAndNothingStored() {
        refuses.put("nightly", "bad key s3cr3t");
        Future<ExtensionSubscription> result = subscriptions.subscribe("default", "build", "tick", "nightly",
                Map.of("secret", "pipeline_secret{{HOOK}}"));
        GoferException e = (GoferException) result.cause();
        assertEquals(GoferException.Kind.INVALID, e.kind());
        assertEquals("extension 'tick' refused the settings: bad key [masked]", e.getMessage());
        assertTrue(store.subs.isEmpty());
    }

    @Test
    void aBadLabelIsRefusedBeforeAnythingHappens() {
        GoferException e = assertThrows(GoferException.class,
                () -> subscriptions.subscribe("default", "build", "tick", "no spaces", Map.of()));
        assertEquals(GoferException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("subscription_id: 'no spaces' is not a valid label"), e.getMessage());
        assertTrue(told.isEmpty());
        assertTrue(store.subs.isEmpty());
    }

    @Test
    void anExtensionThatIsNotRunningGetsNoNewSubscription() {
        tick.state = ExtensionState.EXITED;
        tick.lastError = "container exited with code 1";
        GoferException e = (GoferException) subscriptions.subscribe("default", "build", "tick", "nightly", Map.of()).cause();
        assertEquals(GoferException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("last error: container exited with code 1"), e.getMessage());
        assertTrue(told.isEmpty());
        assertTrue(store.subs.isEmpty());
    }

    @Test
    void anUnknownExtensionOrPipelineIsNotFound() {
        assertEquals(GoferException.Kind.NOT_FOUND, assertThrows(GoferException.class,
                () -> subscriptions.subscribe("default", "build", "nope", "nightly", Map.of())).kind());
        assertEquals(GoferException.Kind.NOT_FOUND,
                ((GoferException) subscriptions.subscribe("default", "gone", "tick", "nightly", Map.of()).cause()).kind());
    }

    @Test
    void aRestartedExtensionGetsEveryNotDisabledSubscriptionAndRefusalsAreMarked() {
        store.subs.put("a", stored("a", ExtensionSubscription.ACTIVE));
        store.subs.put("b", stored("b", ExtensionSubscription.ERROR));
        store.subs.put("c", stored("c", ExtensionSubscription.DISABLED));
        store.subs.put("d", stored("d", ExtensionSubscription.ACTIVE));
        refuses.put("d", "every: too short");

        assertTrue(subscriptions.resubscribe(tick).succeeded());

        assertEquals(List.of("subscribe a {every=1m}", "subscribe b {every=1m}", "subscribe d {every=1m}"), told);
        assertEquals(ExtensionSubscription.ACTIVE, store.subs.get("a").status());
        assertEquals(ExtensionSubscription.ACTIVE, store.subs.get("b").status(), "accepted again: active again");
        assertNull(store.subs.get("b").reason());
        assertEquals(ExtensionSubscription.DISABLED, store.subs.get("c").status());
        ExtensionSubscription refused = store.subs.get("d");
        assertEquals(ExtensionSubscription.ERROR, refused.status());
        assertEquals("failed", refused.reason().reason());
        assertTrue(refused.reason().description().contains("every: too short"), refused.reason().description());
    }

    @Test
    void unsubscribingFromAStoppedExtensionOnlyDeletesTheRow() {
        store.subs.put("a", stored("a", ExtensionSubscription.ACTIVE));
        tick.state = ExtensionState.EXITED;
        assertTrue(subscriptions.unsubscribe("default", "build", "tick", "a").succeeded());
        assertTrue(store.subs.isEmpty());
        assertTrue(told.isEmpty(), "it gets no Subscribe for it at its next start instead");
    }

    @Test
    void disablingTellsTheExtensionAndKeepsTheRow() {
        store.subs.put("a", stored("a", ExtensionSubscription.ACTIVE));
        assertTrue(subscriptions.setStatus("default", "build", "tick", "a", "disabled").succeeded());
        assertEquals(List.of("unsubscribe a"), told);
        assertEquals(ExtensionSubscription.DISABLED, store.subs.get("a").status());

        GoferException e = (GoferException) subscriptions.setStatus("default", "build", "tick", "a", "paused").cause();
        assertEquals("status: must be active or disabled, got 'paused'", e.getMessage());
        assertEquals(ExtensionSubscription.DISABLED, store.subs.get("a").status());
        assertFalse(told.contains("subscribe a {every=1m}"));
    }

    /** One extension's subscriptions, by subscription id. */
    private static final class MemoryStore implements ExtensionStore {
        final Map<String, ExtensionSubscription> subs = new LinkedHashMap<>();

        public Future<List<ExtensionRegistration>> registrations() {
            return Future.succeededFuture(List.of());
        }

        public Future<Optional<ExtensionRegistration>> registration(String extensionId) {
            return Future.succeededFuture(Optional.empty());
        }

        public Future<Boolean> insertRegistration(ExtensionRegistration registration) {
            return Future.succeededFuture(true);
        }

        public Future<Void> updateRegistration(ExtensionRegistration registration) {
            return Future.succeededFuture();
        }

        public Future<Void> deleteRegistration(ExtensionRegistration registration) {
            return Future.succeededFuture();
        }

        public Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId) {
            return Future.succeededFuture(List.copyOf(subs.values()));
        }

        public Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String namespaceId, String pipelineId) {
            return Future.succeededFuture(List.copyOf(subs.values()));
        }

        public Future<Optional<ExtensionSubscription>> subscription(String ns, String pipeline, String extensionId, String id) {
            return Future.succeededFuture(Optional.ofNullable(subs.get(id)));
        }

        public Future<Boolean> insertSubscription(ExtensionSubscription subscription) {
            return Future.succeededFuture(subs.putIfAbsent(subscription.subscriptionId(), subscription) == null);
        }

        public Future<Void> updateSubscription(ExtensionSubscription subscription) {
            subs.put(subscription.subscriptionId(), subscription);
            return Future.succeededFuture();
        }

        public Future<Void> deleteSubscription(ExtensionSubscription subscription) {
            subs.remove(subscription.subscriptionId());
            return Future.succeededFuture();
        }
    }
}
