package dev.gofer.extensions;

import dev.gofer.bus.Bus;
import dev.gofer.bus.Bus.ExtensionRequest;
import dev.gofer.model.GoferException;
import dev.gofer.sdk.config.RegistryAuth;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Extensions} over the event bus, both ends: the API holds the client; {@link #bind} answers with the
 * supervisor on the verticle's context, so the supervisor's state is only ever touched there.
 */
final class BusExtensions implements Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(BusExtensions.class);
    /** An install or enable waits for the image pull and the container's first Info: minutes, not the default 30 s. */
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final EventBus bus;

    BusExtensions(EventBus bus) {
        this.bus = bus;
    }

    /**
     * Answers {@code Bus.EXTENSIONS} with {@code target}; failures carry their HTTP status, as the orchestrator's do.
     * The changes are recorded as Gofer's (the supervisor's timers and restarts outlive the request that caused them).
     * Bound before {@code target} is ready (the API may start serving beside the supervisor's own start): requests
     * that arrive earlier wait for it, and fail with its cause if it never becomes ready.
     */
    static void bind(EventBus bus, Future<? extends Extensions> target) {
        bus.<ExtensionRequest>consumer(Bus.EXTENSIONS, msg -> target.compose(ready -> answer(ready, msg.body()))
                .onSuccess(reply -> msg.reply(reply, Bus.byReference()))
                .onFailure(e -> {
                    if (e instanceof GoferException g) {
                        msg.fail(g.kind().httpStatus, g.getMessage());
                    } else {
                        // not a refusal: the cause stays in the server's log, as for any internal error of the API
                        LOG.error("extension request {} failed", msg.body(), e);
                        msg.fail(500, "internal error in the extension supervisor; see the server log");
                    }
                }));
    }

    private static Future<?> answer(Extensions target, ExtensionRequest request) {
        try {
            if (request instanceof ExtensionRequest.Install r) {
                return target.install(r.id(), r.image(), r.auth(), r.settings());
            } else if (request instanceof ExtensionRequest.ListAll) {
                return target.list();
            } else if (request instanceof ExtensionRequest.Get r) {
                return target.get(r.id());
            } else if (request instanceof ExtensionRequest.SetEnabled r) {
                return target.setEnabled(r.id(), r.enable());
            } else if (request instanceof ExtensionRequest.Uninstall r) {
                return target.uninstall(r.id());
            } else if (request instanceof ExtensionRequest.Subscribe r) {
                return target.subscribe(r.namespaceId(), r.pipelineId(), r.extensionId(), r.subscriptionId(), r.settings());
            } else if (request instanceof ExtensionRequest.SubscriptionsOfPipeline r) {
                return target.subscriptionsOfPipeline(r.namespaceId(), r.pipelineId());
            } else if (request instanceof ExtensionRequest.SubscriptionsOfExtension r) {
                return target.subscriptionsOf(r.extensionId());
            } else if (request instanceof ExtensionRequest.GetSubscription r) {
                return target.subscription(r.namespaceId(), r.pipelineId(), r.extensionId(), r.subscriptionId());
            } else if (request instanceof ExtensionRequest.Unsubscribe r) {
                return target.unsubscribe(r.namespaceId(), r.pipelineId(), r.extensionId(), r.subscriptionId());
            } else if (request instanceof ExtensionRequest.Forget r) {
                return target.forget(r.namespaceId(), r.pipelineId(), r.extensionId(), r.subscriptionId());
            } else if (request instanceof ExtensionRequest.SetSubscriptionStatus r) {
                return target.setSubscriptionStatus(r.namespaceId(), r.pipelineId(), r.extensionId(), r.subscriptionId(), r.status());
            } else if (request instanceof ExtensionRequest.ExternalEvent r) {
                return target.externalEvent(r.extensionId(), r.headers(), r.body(), r.path());
            } else if (request instanceof ExtensionRequest.LogFile r) {
                return target.logFile(r.extensionId());
            } else if (request instanceof ExtensionRequest.Installed r) {
                return target.installed(r.extensionId());
            } else if (request instanceof ExtensionRequest.Debug r) {
                return target.debug(r.extensionId());
            }
            return Future.failedFuture(new IllegalArgumentException("unknown extension request " + request));
        } catch (RuntimeException e) {
            return Future.failedFuture(e); // a refusal thrown before any work started
        }
    }

    private <T> Future<T> ask(ExtensionRequest request) {
        return bus.<T>request(Bus.EXTENSIONS, request, new DeliveryOptions().setSendTimeout(TIMEOUT.toMillis())).map(Message::body);
    }

    @Override
    public Future<ExtensionView> install(String id, String image, RegistryAuth auth, Map<String, String> settings) {
        return ask(new ExtensionRequest.Install(id, image, auth, settings));
    }

    @Override
    public Future<List<ExtensionView>> list() {
        return ask(new ExtensionRequest.ListAll());
    }

    @Override
    public Future<ExtensionView> get(String id) {
        return ask(new ExtensionRequest.Get(id));
    }

    @Override
    public Future<Void> setEnabled(String id, boolean enable) {
        return ask(new ExtensionRequest.SetEnabled(id, enable));
    }

    @Override
    public Future<Void> uninstall(String id) {
        return ask(new ExtensionRequest.Uninstall(id));
    }

    @Override
    public Future<ExtensionSubscription> subscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                                   Map<String, String> settings) {
        return ask(new ExtensionRequest.Subscribe(namespaceId, pipelineId, extensionId, subscriptionId, settings));
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String namespaceId, String pipelineId) {
        return ask(new ExtensionRequest.SubscriptionsOfPipeline(namespaceId, pipelineId));
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId) {
        return ask(new ExtensionRequest.SubscriptionsOfExtension(extensionId));
    }

    @Override
    public Future<ExtensionSubscription> subscription(String namespaceId, String pipelineId, String extensionId, String subscriptionId) {
        return ask(new ExtensionRequest.GetSubscription(namespaceId, pipelineId, extensionId, subscriptionId));
    }

    @Override
    public Future<Void> unsubscribe(String namespaceId, String pipelineId, String extensionId, String subscriptionId) {
        return ask(new ExtensionRequest.Unsubscribe(namespaceId, pipelineId, extensionId, subscriptionId));
    }

    @Override
    public Future<Void> forget(String namespaceId, String pipelineId, String extensionId, String subscriptionId) {
        return ask(new ExtensionRequest.Forget(namespaceId, pipelineId, extensionId, subscriptionId));
    }

    @Override
    public Future<Void> setSubscriptionStatus(String namespaceId, String pipelineId, String extensionId, String subscriptionId,
                                              String status) {
        return ask(new ExtensionRequest.SetSubscriptionStatus(namespaceId, pipelineId, extensionId, subscriptionId, status));
    }

    @Override
    public Future<ExternalEventReply> externalEvent(String extensionId, Map<String, String> headers, byte[] body, String path) {
        return ask(new ExtensionRequest.ExternalEvent(extensionId, headers, body, path));
    }

    @Override
    public Future<Path> logFile(String extensionId) {
        return ask(new ExtensionRequest.LogFile(extensionId));
    }

    @Override
    public Future<Boolean> installed(String extensionId) {
        return ask(new ExtensionRequest.Installed(extensionId));
    }

    @Override
    public Future<ExtensionDebug> debug(String extensionId) {
        return ask(new ExtensionRequest.Debug(extensionId));
    }
}
