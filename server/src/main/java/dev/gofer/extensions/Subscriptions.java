package dev.gofer.extensions;

import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.extension.v1.ExtensionGrpcClient;
import dev.gofer.proto.extension.v1.SubscribeRequest;
import dev.gofer.proto.extension.v1.UnsubscribeRequest;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelines' subscriptions to extensions: the stored rows and what the extension is told (Subscribe with the
 * secrets filled in, Unsubscribe). A running extension gets every stored subscription again at each start
 * ({@link #resubscribe}); one it refuses then is marked {@code error} with the reason.
 */
final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The extension's side: what it is told. */
    interface Calls {
        Future<Void> subscribe(ExtensionContainer extension, SubscribeRequest request);

        Future<Void> unsubscribe(ExtensionContainer extension, UnsubscribeRequest request);
    }

    private final ExtensionStore store;
    /** Fails with not found when the pipeline does not exist. */
    private final BiFunction<String, String, Future<Void>> pipelineExists;
    private final SubscriptionSecrets secrets;
    /** The installed extension of that id, or null. */
    private final Function<String, ExtensionContainer> installed;
    private final Calls calls;

    Subscriptions(ExtensionStore store, BiFunction<String, String, Future<Void>> pipelineExists, SubscriptionSecrets secrets,
                  Function<String, ExtensionContainer> installed, Calls calls) {
        this.store = store;
        this.pipelineExists = pipelineExists;
        this.secrets = secrets;
        this.installed = installed;
        this.calls = calls;
    }

    Future<ExtensionSubscription> subscribe(String ns, String pipeline, String extensionId, String subscriptionId,
                                            Map<String, String> settings) {
        if (subscriptionId == null || !LABEL.matcher(subscriptionId).matches()) {
            throw GoferException.invalid("subscription_id: '" + subscriptionId
                    + "' is not a valid label; use 1-64 of letters, digits, _ and -, starting with a letter or digit");
        }
        if (extensionId == null || extensionId.isBlank()) {
            throw GoferException.invalid("extension_id: required");
        }
        ExtensionContainer extension = extension(extensionId);
        SubscriptionSecrets.check(settings);
        return pipelineExists.apply(ns, pipeline)
                .compose(v -> store.subscription(ns, pipeline, extensionId, subscriptionId))
                .compose(existing -> {
                    if (existing.isPresent()) {
                        return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "pipeline '" + pipeline
                                + "' already has subscription '" + subscriptionId + "' to extension '" + extensionId + "'"));
                    }
                    extension.requireRunning();
                    ExtensionSubscription sub = new ExtensionSubscription(ns, pipeline, extensionId, subscriptionId,
                            Map.copyOf(settings), ExtensionSubscription.ACTIVE, null, System.currentTimeMillis());
                    return send(extension, sub)
                            .compose(ok -> store.insertSubscription(sub))
                            .compose(inserted -> inserted ? Future.succeededFuture(sub)
                                    : Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                                            "subscription '" + subscriptionId + "' was created meanwhile")));
                });
    }

    Future<List<ExtensionSubscription>> ofPipeline(String ns, String pipeline) {
        return pipelineExists.apply(ns, pipeline).compose(v -> store.subscriptionsOfPipeline(ns, pipeline));
    }

    Future<List<ExtensionSubscription>> of(String extensionId) {
        extension(extensionId);
        return store.subscriptionsOf(extensionId);
    }

    Future<ExtensionSubscription> get(String ns, String pipeline, String extensionId, String subscriptionId) {
        return pipelineExists.apply(ns, pipeline).compose(v -> store.subscription(ns, pipeline, extensionId, subscriptionId))
                .compose(s -> s.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(GoferException.notFound(
                        "pipeline '" + pipeline + "' has no subscription '" + subscriptionId + "' to extension '" + extensionId + "'"))));
    }

    Future<Void> unsubscribe(String ns, String pipeline, String extensionId, String subscriptionId) {
        return get(ns, pipeline, extensionId, subscriptionId).compose(sub -> store.deleteSubscription(sub).compose(v -> {
            ExtensionContainer extension = installed.apply(extensionId);
            if (extension == null || !extension.running()) {
                return Future.succeededFuture(); // it gets no Subscribe for this one at its next start
            }
            return calls.unsubscribe(extension, unsubscribeRequest(sub)).recover(e -> {
                LOG.warn("extension {} did not confirm unsubscribing {}: {}", extensionId, sub.label(), e.getMessage());
                return Future.succeededFuture();
            });
        }));
    }

    /** The row went with its pipeline: only the extension, when it runs, is told (a refusal is only logged). */
    Future<Void> forget(String ns, String pipeline, String extensionId, String subscriptionId) {
        ExtensionContainer extension = installed.apply(extensionId);
        if (extension == null || !extension.running()) {
            return Future.succeededFuture();
        }
        return calls.unsubscribe(extension, UnsubscribeRequest.newBuilder().setNamespaceId(ns).setPipelineId(pipeline)
                .setSubscriptionId(subscriptionId).build()).recover(e -> {
                    LOG.warn("extension {} did not confirm forgetting {}/{} {}: {}", extensionId, ns, pipeline, subscriptionId, e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** {@code disabled} tells the extension to stop acting (unlike Gofer, which only changed the row). */
    Future<Void> setStatus(String ns, String pipeline, String extensionId, String subscriptionId, String status) {
        if (!ExtensionSubscription.ACTIVE.equals(status) && !ExtensionSubscription.DISABLED.equals(status)) {
            return Future.failedFuture(GoferException.invalid("status: must be active or disabled, got '" + status + "'"));
        }
        return get(ns, pipeline, extensionId, subscriptionId).compose(sub -> {
            ExtensionContainer extension = extension(extensionId);
            if (ExtensionSubscription.DISABLED.equals(status)) {
                Future<Void> told = extension.running()
                        ? calls.unsubscribe(extension, unsubscribeRequest(sub)).recover(e -> Future.succeededFuture())
                        : Future.succeededFuture();
                return told.compose(v -> store.updateSubscription(sub.withStatus(ExtensionSubscription.DISABLED, null)));
            }
            extension.requireRunning();
            return send(extension, sub).compose(v -> store.updateSubscription(sub.withStatus(ExtensionSubscription.ACTIVE, null)));
        });
    }

    /** Tells a freshly started extension every stored subscription that is not disabled, one after the other. */
    Future<Void> resubscribe(ExtensionContainer extension) {
        return store.subscriptionsOf(extension.id()).compose(subs -> {
            Future<Void> chain = Future.succeededFuture();
            for (ExtensionSubscription sub : subs) {
                if (ExtensionSubscription.DISABLED.equals(sub.status())) {
                    continue;
                }
                chain = chain.compose(v -> send(extension, sub).transform(ar -> {
                    if (ar.succeeded()) {
                        return ExtensionSubscription.ACTIVE.equals(sub.status()) ? Future.<Void>succeededFuture()
                                : store.updateSubscription(sub.withStatus(ExtensionSubscription.ACTIVE, null));
                    }
                    LOG.warn("extension {} refused stored subscription {}: {}", extension.id(), sub.label(), ar.cause().getMessage());
                    return store.updateSubscription(sub.withStatus(ExtensionSubscription.ERROR,
                            new ExtensionSubscription.Reason("failed", "not accepted when the extension restarted: " + ar.cause().getMessage())));
                }));
            }
            return chain;
        });
    }

    /** Tells every subscription's extension to drop it (best effort: the extension is being uninstalled). */
    Future<Void> unsubscribeAll(ExtensionContainer extension) {
        if (!extension.running()) {
            return Future.succeededFuture();
        }
        return store.subscriptionsOf(extension.id()).compose(subs -> {
            Future<Void> chain = Future.succeededFuture();
            for (ExtensionSubscription s : subs) {
                chain = chain.compose(v -> calls.unsubscribe(extension, unsubscribeRequest(s)).recover(e -> Future.succeededFuture()));
            }
            return chain;
        });
    }

    /** Subscribe with secrets filled in; a refusal comes back with any secret value masked (extensions may echo settings). */
    private Future<Void> send(ExtensionContainer extension, ExtensionSubscription sub) {
        String extensionId = extension.id();
        return secrets.resolve(sub.namespaceId(), sub.pipelineId(), sub.settings()).compose(resolved ->
                calls.subscribe(extension, SubscribeRequest.newBuilder().setNamespaceId(sub.namespaceId()).setPipelineId(sub.pipelineId())
                                .setSubscriptionId(sub.subscriptionId()).putAllSettings(resolved.settings()).build())
                        .recover(e -> Future.failedFuture(e instanceof GrpcCallException g && g.status() == GrpcStatus.INVALID_ARGUMENT
                                ? GoferException.invalid("extension '" + extensionId + "' refused the settings: " + resolved.mask(g.getMessage()))
                                : new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + extensionId
                                        + "' did not accept the subscription: " + resolved.mask(e.getMessage())))));
    }

    private ExtensionContainer extension(String extensionId) {
        ExtensionContainer extension = installed.apply(extensionId);
        if (extension == null) {
            throw GoferException.notFound("extension '" + extensionId + "' is not installed");
        }
        return extension;
    }

    private static UnsubscribeRequest unsubscribeRequest(ExtensionSubscription s) {
        return UnsubscribeRequest.newBuilder().setNamespaceId(s.namespaceId()).setPipelineId(s.pipelineId())
                .setSubscriptionId(s.subscriptionId()).build();
    }

    /** The real calls: the extension's gRPC service. */
    static Calls overGrpc() {
        return new Calls() {
            @Override
            public Future<Void> subscribe(ExtensionContainer extension, SubscribeRequest request) {
                return extension.call(ExtensionGrpcClient.Subscribe, request, ExtensionContainer.CALL_TIMEOUT).mapEmpty();
            }

            @Override
            public Future<Void> unsubscribe(ExtensionContainer extension, UnsubscribeRequest request) {
                return extension.call(ExtensionGrpcClient.Unsubscribe, request, ExtensionContainer.CALL_TIMEOUT).mapEmpty();
            }
        };
    }
}
