package dev.gofer.extensions;

import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.extension.v1.ExtensionGrpcClient;
import dev.gofer.proto.extension.v1.ExternalEventRequest;
import dev.gofer.sdk.config.RegistryAuth;
import dev.gofer.store.Store;
import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed extensions: installs, enables, uninstalls them, and is the one place that knows their keys. Each
 * extension's container is supervised by its {@link ExtensionContainer}; pipelines' subscriptions live in
 * {@link Subscriptions}.
 *
 * <p>Threading: one context. The verticle that builds it binds it to the bus ({@link BusExtensions}) and serves
 * {@code ExtensionHost} on its own context, so every call, reply and timer runs there, one at a time.
 */
public final class ExtensionSupervisor implements Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionSupervisor.class);
    /** Extension ids become container names and env values: keep them to the identifier rules. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern SETTING_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param goferHost      host:port extensions reach {@code ExtensionHost} at (GOFER_HOST); known once the engine answered
     * @param stdImage       the gofer image, which runs the standard extensions (command {@code extension run <id>})
     * @param apiUrl         Gofer's REST API as containers reach it ({@link dev.gofer.proto.ExtensionEnvironment#API_URL}); completes once the API listens
     * @param startDeadline  how long a new container has to answer Info
     * @param firstBackoff   delay before the first restart; doubles per failed attempt up to {@code maxBackoff}
     * @param healthInterval how often a running extension is asked for Info; three misses in a row restart it
     */
    public record Config(Map<String, String> instanceLabels, String instanceId, Future<String> goferHost, Future<String> apiUrl,
                         Future<String> stdImage, Path logsDir,
                         Duration startDeadline, Duration firstBackoff, Duration maxBackoff, Duration healthInterval) {
    }

    private final Vertx vertx;
    private final ExtensionStore store;
    private final ExtensionTokens tokens;
    private final GrpcClient client;
    private final ExtensionContainer.Shared shared;
    private final Subscriptions subscriptions;
    private final Map<String, ExtensionContainer> instances = new LinkedHashMap<>();

    public ExtensionSupervisor(Vertx vertx, ExtensionContainers engine, ExtensionStore store, Store pipelines,
                               SubscriptionSecrets.Source secrets, ExtensionTokens tokens, Config config) {
        this.vertx = vertx;
        this.store = store;
        this.tokens = tokens;
        this.client = GrpcClient.client(vertx);
        this.subscriptions = new Subscriptions(store, (ns, pipeline) -> pipelines.pipeline(ns, pipeline).compose(p -> p.isPresent()
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'"))),
                new SubscriptionSecrets(secrets), instances::get, Subscriptions.overGrpc());
        this.shared = new ExtensionContainer.Shared(vertx, engine, tokens, client, config, subscriptions::resubscribe);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts every enabled extension (in the background: a failing one is retried, it does not stop the server). */
    public Future<Void> startAll() {
        return tokens.revokeAll().compose(v -> store.registrations()).map(regs -> {
            for (ExtensionRegistration reg : regs) {
                ExtensionContainer extension = new ExtensionContainer(reg, shared);
                instances.put(reg.extensionId(), extension);
                if (reg.enabled()) {
                    extension.start().onFailure(e -> extension.scheduleRestart());
                } else {
                    extension.markDisabled();
                }
            }
            return null;
        });
    }

    /** Installs {@code id} unless it is installed already (the standard extensions at server start). */
    Future<Void> installIfMissing(String id, String image) {
        return instances.containsKey(id) ? Future.succeededFuture() : install(id, image, null, Map.of()).mapEmpty();
    }

    public Future<Void> stopAll() {
        List<Future<Void>> stops = new ArrayList<>();
        for (ExtensionContainer extension : instances.values()) {
            extension.removed = true;
            stops.add(extension.shutdown());
        }
        return Future.join(stops).<Void>mapEmpty().eventually(() -> client.close());
    }

    /** The engine reports that a container ended; the extension it belonged to (if any still) restarts it. */
    void containerExited(String containerId, String why) {
        for (ExtensionContainer extension : List.copyOf(instances.values())) {
            extension.exited(containerId, why);
        }
    }

    /** Which running extension holds this key; every current key is compared (in constant time), none is logged. */
    Optional<String> authenticate(String key) {
        String found = null;
        for (ExtensionContainer extension : instances.values()) {
            if (extension.holds(key)) {
                found = extension.id();
            }
        }
        return Optional.ofNullable(found);
    }

    // ---------------------------------------------------------------- registrations

    @Override
    public Future<ExtensionView> install(String id, String image, RegistryAuth auth, Map<String, String> settings) {
        if (id == null || !ID.matcher(id).matches()) {
            throw GoferException.invalid("id: '" + id + "' is not a valid extension id; use 1-32 of a-z, 0-9, _ and -, starting with a letter or digit");
        }
        if (image == null || image.isBlank()) {
            throw GoferException.invalid("image: required (the extension's container image)");
        }
        for (String key : settings.keySet()) {
            if (!SETTING_KEY.matcher(key).matches()) {
                throw GoferException.invalid("settings: '" + key + "' is not a valid setting name; use letters, digits and _");
            }
        }
        if (instances.containsKey(id)) {
            throw new GoferException(GoferException.Kind.CONFLICT, "extension '" + id + "' is already installed; uninstall it first");
        }
        long now = System.currentTimeMillis();
        ExtensionRegistration reg = new ExtensionRegistration(id, image.trim(), auth, Map.copyOf(settings), ExtensionRegistration.ENABLED, now, now);
        ExtensionContainer extension = new ExtensionContainer(reg, shared);
        instances.put(id, extension);
        return store.insertRegistration(reg).compose(inserted -> {
            if (!inserted) {
                instances.remove(id);
                return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "extension '" + id + "' is already installed"));
            }
            return extension.start().map(v -> extension.view()).recover(e -> {
                extension.removed = true;
                instances.remove(id);
                return store.deleteRegistration(reg).transform(x -> Future.failedFuture(GoferException.invalid(
                        "extension '" + id + "' did not start, so nothing was installed: " + e.getMessage())));
            });
        });
    }

    @Override
    public Future<List<ExtensionView>> list() {
        return Future.succeededFuture(instances.values().stream().map(ExtensionContainer::view).toList());
    }

    @Override
    public Future<ExtensionView> get(String id) {
        return Future.succeededFuture(extension(id).view());
    }

    @Override
    public Future<Void> setEnabled(String id, boolean enable) {
        ExtensionContainer extension = extension(id);
        if (extension.reg.enabled() == enable) {
            return Future.succeededFuture();
        }
        extension.reg = extension.reg.withStatus(enable ? ExtensionRegistration.ENABLED : ExtensionRegistration.DISABLED, System.currentTimeMillis());
        return store.updateRegistration(extension.reg).compose(v -> {
            if (!enable) {
                return extension.shutdown().onComplete(x -> extension.markDisabled());
            }
            extension.resetBackoff();
            return extension.start().recover(e -> {
                extension.scheduleRestart();
                return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                        "extension '" + id + "' is enabled but did not start (Gofer keeps trying): " + e.getMessage()));
            });
        });
    }

    @Override
    public Future<Void> uninstall(String id) {
        ExtensionContainer extension = extension(id);
        extension.removed = true;
        return subscriptions.unsubscribeAll(extension)
                .compose(v -> extension.shutdown())
                .compose(v -> store.deleteRegistration(extension.reg))
                .onSuccess(v -> {
                    instances.remove(id);
                    vertx.fileSystem().delete(logPath(id).toString()).onFailure(e -> LOG.debug("no log of extension {} to delete", id));
                });
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public Future<ExtensionSubscription> subscribe(String ns, String pipeline, String extensionId, String subscriptionId,
                                                   Map<String, String> settings) {
        return subscriptions.subscribe(ns, pipeline, extensionId, subscriptionId, settings);
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String ns, String pipeline) {
        return subscriptions.ofPipeline(ns, pipeline);
    }

    @Override
    public Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId) {
        return subscriptions.of(extensionId);
    }

    @Override
    public Future<ExtensionSubscription> subscription(String ns, String pipeline, String extensionId, String subscriptionId) {
        return subscriptions.get(ns, pipeline, extensionId, subscriptionId);
    }

    @Override
    public Future<Void> unsubscribe(String ns, String pipeline, String extensionId, String subscriptionId) {
        return subscriptions.unsubscribe(ns, pipeline, extensionId, subscriptionId);
    }

    @Override
    public Future<Void> forget(String ns, String pipeline, String extensionId, String subscriptionId) {
        return subscriptions.forget(ns, pipeline, extensionId, subscriptionId);
    }

    @Override
    public Future<Void> setSubscriptionStatus(String ns, String pipeline, String extensionId, String subscriptionId, String status) {
        return subscriptions.setStatus(ns, pipeline, extensionId, subscriptionId, status);
    }

    // ---------------------------------------------------------------- calls to extensions

    /** A refusal comes back with its HTTP meaning; anything else the extension failed with is UNAVAILABLE. */
    @Override
    public Future<ExternalEventReply> externalEvent(String extensionId, Map<String, String> headers, byte[] body, String path) {
        ExtensionContainer extension = extension(extensionId);
        extension.requireRunning();
        ExternalEventRequest req = ExternalEventRequest.newBuilder().putAllHeaders(headers)
                .setBody(ByteString.copyFrom(body)).setPath(path).build();
        return extension.call(ExtensionGrpcClient.ExternalEvent, req, EVENT_TIMEOUT)
                .map(r -> new ExternalEventReply(r.getMessage(), List.copyOf(r.getRunsList())))
                .recover(e -> Future.failedFuture(e instanceof GrpcCallException g ? refusal(extensionId, g) : e));
    }

    static GoferException refusal(String extensionId, GrpcCallException e) {
        GoferException.Kind kind = switch (e.status()) {
            case INVALID_ARGUMENT -> GoferException.Kind.INVALID;
            case UNAUTHENTICATED -> GoferException.Kind.UNAUTHORIZED;
            case PERMISSION_DENIED -> GoferException.Kind.FORBIDDEN;
            case NOT_FOUND -> GoferException.Kind.NOT_FOUND;
            default -> GoferException.Kind.UNAVAILABLE;
        };
        return kind == GoferException.Kind.UNAVAILABLE
                ? new GoferException(kind, "extension '" + extensionId + "' failed to handle the event: " + e.getMessage())
                : new GoferException(kind, e.getMessage());
    }

    @Override
    public Future<Path> logFile(String extensionId) {
        extension(extensionId);
        return Future.succeededFuture(logPath(extensionId));
    }

    @Override
    public Future<Boolean> installed(String extensionId) {
        return Future.succeededFuture(instances.containsKey(extensionId));
    }

    @Override
    public Future<ExtensionDebug> debug(String extensionId) {
        ExtensionContainer extension = extension(extensionId);
        ExtensionView view = extension.view();
        String container = extension.containerId();
        return subscriptions.of(extensionId).map(subs -> new ExtensionDebug(view, container, subs));
    }

    private Path logPath(String extensionId) {
        return shared.logFile(extensionId);
    }

    private ExtensionContainer extension(String id) {
        ExtensionContainer extension = instances.get(id);
        if (extension == null) {
            throw GoferException.notFound("extension '" + id + "' is not installed");
        }
        return extension;
    }
}
