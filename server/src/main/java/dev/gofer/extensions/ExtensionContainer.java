package dev.gofer.extensions;

import dev.gofer.proto.ExtensionEnvironment;
import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.ExtensionGrpcClient;
import dev.gofer.proto.extension.v1.InfoRequest;
import dev.gofer.proto.extension.v1.InfoResponse;
import dev.gofer.proto.extension.v1.InitRequest;
import dev.gofer.proto.extension.v1.Parameter;
import dev.gofer.proto.extension.v1.ShutdownRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One installed extension and its current container: start, health checks, restarts with backoff, shutdown.
 *
 * <p>Start: mint a fresh key → start the container (env: id, key, GOFER_HOST, settings) → wait until it answers
 * Info (deadline) → Init with the install settings → re-send its subscriptions. A container that exits or stops
 * answering Info is removed and started again after the {@link RestartBackoff}.
 *
 * <p>Touched on the supervisor's context only (the verticle's: bus requests, gRPC calls and timers all run there).
 * Each container start bumps {@link #generation}; callbacks of an older container compare it and stand down.
 */
final class ExtensionContainer {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionContainer.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** What every extension's container shares: the engine, the keys, the gRPC client, the settings. */
    record Shared(Vertx vertx, ExtensionContainers engine, ExtensionTokens tokens, GrpcClient client, ExtensionSupervisor.Config config,
                  Function<ExtensionContainer, Future<Void>> resubscribe) {
        Path logFile(String extensionId) {
            return config.logsDir().resolve(extensionId + ".log");
        }
    }

    private final Shared shared;
    private final RestartBackoff backoff;
    private final HealthChecks health = new HealthChecks();
    ExtensionRegistration reg;
    private String key;
    /** The API token that {@link #key} is, revoked when the container stops. */
    private String tokenId;
    private String containerId;
    private SocketAddress address;
    ExtensionState state = ExtensionState.UNKNOWN;
    private long started;
    private JsonObject documentation = new JsonObject();
    String lastError;
    /** Set when the container exited while it was still being started. */
    private String earlyExit;
    private int restarts;
    private int generation;
    private long restartTimer = -1;
    private long healthTimer = -1;
    /** Uninstalled or the server stops: never started again. */
    boolean removed;

    ExtensionContainer(ExtensionRegistration reg, Shared shared) {
        this.reg = reg;
        this.shared = shared;
        this.backoff = new RestartBackoff(shared.config().firstBackoff(), shared.config().maxBackoff());
    }

    String id() {
        return reg.extensionId();
    }

    boolean running() {
        return state == ExtensionState.RUNNING;
    }

    /** Whether this key is the current container's (compared in constant time). */
    boolean holds(String candidate) {
        return key != null && KeyedGrpc.sameKey(key, candidate);
    }

    boolean runs(String container) {
        return container.equals(containerId);
    }

    ExtensionView view() {
        String url = address == null ? "" : "http://" + address.host() + ":" + address.port();
        return new ExtensionView(reg, url, started, state, documentation, lastError, restarts);
    }

    /** The container it runs in now; null when none runs. */
    String containerId() {
        return containerId;
    }

    void markDisabled() {
        state = ExtensionState.EXITED;
        lastError = "disabled";
    }

    /** Fails with UNAVAILABLE, saying why, unless the extension is enabled and running. */
    void requireRunning() {
        if (!reg.enabled()) {
            throw new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + id()
                    + "' is disabled; enable it first (gofer extension enable " + id() + ")");
        }
        if (state != ExtensionState.RUNNING) {
            throw new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + id() + "' is not running (state "
                    + state.wire() + (lastError == null ? "" : ", last error: " + lastError) + "); try again once it runs");
        }
    }

    /** A call to the extension's own gRPC service, with its key. */
    <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req message, Duration timeout) {
        if (address == null || key == null) {
            return Future.failedFuture(new GrpcCallException(GrpcStatus.UNAVAILABLE, "extension '" + id() + "' is not running"));
        }
        return KeyedGrpc.call(shared.client(), address, method, key, message, timeout);
    }

    // ---------------------------------------------------------------- one container start

    /** Starts a fresh container; completes once it runs and has its subscriptions back, or fails once it is gone. */
    Future<Void> start() {
        cancelTimers();
        int gen = ++generation;
        state = ExtensionState.PROCESSING;
        address = null;
        containerId = null;
        earlyExit = null;
        health.reset();
        ExtensionSupervisor.Config config = shared.config();
        LOG.info("starting extension {} ({})", id(), reg.image());
        return shared.tokens().mint(id()).compose(minted -> {
                    if (gen != generation) {
                        return shared.tokens().revoke(minted.tokenId()).compose(v -> superseded());
                    }
                    key = minted.key();
                    tokenId = minted.tokenId();
                    return config.apiUrl();
                })
                .compose(apiUrl -> config.goferHost().compose(host -> config.stdImage().map(std -> ExtensionContainerSpec.of(reg, key,
                        new ExtensionContainerSpec.Placement(config.instanceLabels(), config.instanceId(), host, apiUrl, std)))))
                // a newer start (new key) that came while the API URL or host was awaited goes ahead instead
                .compose(spec -> gen != generation ? superseded() : shared.engine().start(spec, shared.logFile(id())))
                .compose(id -> {
                    containerId = id;
                    return shared.engine().address(id);
                })
                .compose(ip -> {
                    if (ip.isEmpty()) {
                        return Future.failedFuture(new IllegalStateException("the container has no address on the bridge network"
                                + " (did it exit at once? see `gofer extension logs " + id() + "`)"));
                    }
                    address = SocketAddress.inetSocketAddress(ExtensionEnvironment.PORT, ip.get());
                    return waitForInfo(gen, System.nanoTime() + config.startDeadline().toNanos(), null);
                })
                .compose(info -> {
                    documentation = documentation(info);
                    return call(ExtensionGrpcClient.Init, InitRequest.newBuilder().putAllSettings(reg.settings()).build(), CALL_TIMEOUT)
                            .recover(e -> Future.failedFuture(new IllegalStateException("it refused its install settings: " + e.getMessage())));
                })
                .compose(v -> {
                    if (gen != generation) {
                        return superseded();
                    }
                    if (earlyExit != null) {
                        return Future.failedFuture(new IllegalStateException(earlyExit + " right after Init"));
                    }
                    state = ExtensionState.RUNNING;
                    started = System.currentTimeMillis();
                    lastError = null;
                    LOG.info("extension {} running at {}", id(), address);
                    scheduleHealthChecks(gen);
                    shared.vertx().setTimer(backoff.recoveredAfter().toMillis(), t -> {
                        if (gen == generation && running()) {
                            backoff.reset();
                        }
                    });
                    return shared.resubscribe().apply(this);
                })
                .recover(e -> {
                    // fail only once the container is gone, so a retry (or a new install) can reuse its name
                    Future<Void> removed = gen == generation ? giveUp("could not start: " + e.getMessage()) : Future.succeededFuture();
                    return removed.transform(x -> Future.<Void>failedFuture(e));
                });
    }

    private static <T> Future<T> superseded() {
        return Future.failedFuture(new IllegalStateException("superseded by a newer start"));
    }

    private Future<InfoResponse> waitForInfo(int gen, long deadline, Throwable last) {
        if (gen != generation) {
            return superseded();
        }
        if (earlyExit != null) {
            return Future.failedFuture(new IllegalStateException(earlyExit + " before answering Info (see `gofer extension logs "
                    + id() + "`)"));
        }
        if (System.nanoTime() > deadline) {
            return Future.failedFuture(new IllegalStateException("it did not answer Info within " + shared.config().startDeadline().toSeconds()
                    + " s" + (last == null ? "" : " (last try: " + last.getMessage() + ")")));
        }
        return call(ExtensionGrpcClient.Info, InfoRequest.getDefaultInstance(), Duration.ofSeconds(2))
                .recover(e -> {
                    if (e instanceof GrpcCallException g && g.status() == GrpcStatus.UNAUTHENTICATED) {
                        return Future.failedFuture(new IllegalStateException("it refused Gofer's key: " + e.getMessage()));
                    }
                    Promise<Void> later = Promise.promise();
                    shared.vertx().setTimer(250, t -> later.complete());
                    return later.future().compose(v -> waitForInfo(gen, deadline, e));
                });
    }

    // ---------------------------------------------------------------- supervision

    /** The engine reports that this extension's container {@code container} ended. */
    void exited(String container, String why) {
        if (removed || !runs(container)) {
            return; // a container Gofer gave up on itself
        }
        if (state == ExtensionState.PROCESSING) {
            earlyExit = why; // start() notices and fails
            return;
        }
        LOG.warn("extension {} stopped: {}", id(), why);
        giveUp(why).onComplete(x -> scheduleRestart());
    }

    /** Marks the current container as gone (stale callbacks then ignore it) and removes it. */
    private Future<Void> giveUp(String why) {
        generation++;
        state = ExtensionState.EXITED;
        lastError = why;
        forgetKey();
        cancelTimers();
        return removeContainer().recover(e -> {
            LOG.warn("extension container of {} was not removed: {}", id(), e.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Starts the container again after the backoff, unless the extension was removed or disabled meanwhile. */
    void scheduleRestart() {
        if (removed || !reg.enabled() || restartTimer >= 0) {
            return;
        }
        Duration delay = backoff.next();
        LOG.info("restarting extension {} in {} ms (attempt {})", id(), delay.toMillis(), backoff.attempts());
        restartTimer = shared.vertx().setTimer(delay.toMillis(), t -> {
            restartTimer = -1;
            if (removed || !reg.enabled()) {
                return;
            }
            restarts++;
            start().onFailure(e -> scheduleRestart());
        });
    }

    /** An enable by hand starts from the first backoff again. */
    void resetBackoff() {
        backoff.reset();
    }

    private void scheduleHealthChecks(int gen) {
        healthTimer = shared.vertx().setPeriodic(shared.config().healthInterval().toMillis(), t -> {
            if (gen != generation || !running()) {
                shared.vertx().cancelTimer(t);
                return;
            }
            call(ExtensionGrpcClient.Info, InfoRequest.getDefaultInstance(), Duration.ofSeconds(5)).onComplete(ar -> {
                if (gen != generation) {
                    return;
                }
                if (health.record(ar.succeeded())) {
                    LOG.warn("extension {} stopped answering: restarting it", id());
                    giveUp("stopped answering Info (" + HealthChecks.ALLOWED_MISSES + " health checks in a row): "
                            + ar.cause().getMessage()).onComplete(x -> scheduleRestart());
                }
            });
        });
    }

    private void cancelTimers() {
        if (restartTimer >= 0) {
            shared.vertx().cancelTimer(restartTimer);
            restartTimer = -1;
        }
        if (healthTimer >= 0) {
            shared.vertx().cancelTimer(healthTimer);
            healthTimer = -1;
        }
    }

    /** Asks a running extension to shut down (briefly), then removes its container. */
    Future<Void> shutdown() {
        cancelTimers();
        Future<?> asked = running()
                ? call(ExtensionGrpcClient.Shutdown, ShutdownRequest.getDefaultInstance(), Duration.ofSeconds(3)).recover(e -> Future.succeededFuture())
                : Future.succeededFuture();
        return asked.compose(v -> {
            generation++;
            forgetKey();
            return removeContainer();
        });
    }

    private Future<Void> removeContainer() {
        String container = containerId;
        containerId = null;
        return container == null ? Future.succeededFuture() : shared.engine().remove(container);
    }

    /** The container is gone or going: its key stops working on both gRPC (at once) and the REST API (revoked). */
    private void forgetKey() {
        key = null;
        String revoked = tokenId;
        tokenId = null;
        if (revoked != null) {
            shared.tokens().revoke(revoked).onFailure(e -> LOG.warn("the API token of extension {}'s stopped container was not revoked: {}",
                    id(), e.getMessage()));
        }
    }

    private static JsonObject documentation(InfoResponse info) {
        var doc = info.getDocumentation();
        return new JsonObject().put("body", doc.getBody())
                .put("config_params", params(doc.getConfigParamsList()))
                .put("pipeline_subscription_params", params(doc.getPipelineSubscriptionParamsList()));
    }

    private static JsonArray params(List<Parameter> params) {
        JsonArray out = new JsonArray();
        params.forEach(p -> out.add(new JsonObject().put("key", p.getKey()).put("required", p.getRequired())
                .put("documentation", p.getDocumentation())));
        return out;
    }
}
