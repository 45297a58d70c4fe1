package dev.gofer.extensions;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.model.GoferException;
import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.Variable;
import dev.gofer.proto.ExtensionEnvironment;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.ExtensionGrpcClient;
import dev.gofer.proto.extension.v1.ExternalEventRequest;
import dev.gofer.proto.extension.v1.ExternalEventResponse;
import dev.gofer.proto.extension.v1.InfoRequest;
import dev.gofer.proto.extension.v1.InfoResponse;
import dev.gofer.proto.extension.v1.InitRequest;
import dev.gofer.proto.extension.v1.Parameter;
import dev.gofer.proto.extension.v1.ShutdownRequest;
import dev.gofer.proto.extension.v1.StartRunRequest;
import dev.gofer.proto.extension.v1.StartRunResponse;
import dev.gofer.proto.extension.v1.SubscribeRequest;
import dev.gofer.proto.extension.v1.UnsubscribeRequest;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, starts and supervises extension containers, and is the one place that knows their keys.
 *
 * <p>Start of one container: mint a fresh key → start the container (env: {@link ExtensionEnvironment}) →
 * wait until it answers Info (deadline) → Init with the install settings → re-send Subscribe for every stored
 * subscription (a refusal marks that subscription {@code error} with the reason). A container that exits or
 * stops answering Info is removed and started again after an exponential backoff (capped), which also re-sends
 * the subscriptions.
 *
 * <p>Threading: all state lives on the context of the verticle that {@link #bind}s it; public methods hop there,
 * so routes on other event loops may call them. Docker calls run on a worker pool.
 */
public final class ExtensionSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionSupervisor.class);
    /** Extension ids become container names and env values: keep them to the identifier rules. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern SETTING_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param goferHost      host:port extensions reach {@code ExtensionHost} at ({@link ExtensionEnvironment#GOFER_HOST}); known once the engine answered
     * @param stdImage       the gofer image, which runs the standard extensions (command {@code extension run <id>})
     * @param apiUrl         Gofer's REST API as containers reach it ({@link ExtensionEnvironment#API_URL}); completes once the API listens
     * @param startDeadline  how long a new container has to answer Info
     * @param firstBackoff   delay before the first restart; doubles per failed attempt up to {@code maxBackoff}
     * @param healthInterval how often a running extension is asked for Info; three misses in a row restart it
     */
    public record Config(Map<String, String> instanceLabels, String instanceId, Future<String> goferHost, Future<String> apiUrl,
                         Future<String> stdImage, Path logsDir,
                         Duration startDeadline, Duration firstBackoff, Duration maxBackoff, Duration healthInterval) {
    }

    /** JVM flags of a standard extension run from the gofer image (its entrypoint reads GOFER_JAVA_OPTS). */
    static final String STD_JAVA_OPTS = "-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:TieredStopAtLevel=1";

    private final Vertx vertx;
    private final Scheduler scheduler;
    private final ExtensionStore store;
    private final Store pipelines;
    private final Function<StartRun, Future<Run>> runs;
    private final SubscriptionSecrets subscriptionSecrets;
    private final ExtensionTokens tokens;
    private final Config config;
    private final GrpcClient client;
    private final WorkerExecutor workers;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private Context context;

    /** One installed extension and its current container. Only touched on the supervisor's context. */
    private static final class Instance {
        ExtensionRegistration reg;
        String key;
        /** The API token that {@link #key} is, revoked when the container stops. */
        String tokenId;
        String containerId;
        SocketAddress address;
        ExtensionState state = ExtensionState.UNKNOWN;
        long started;
        JsonObject documentation = new JsonObject();
        String lastError;
        /** Set when the container exited while it was still being started. */
        String earlyExit;
        int failures;
        int restarts;
        /** Bumped whenever the current container is given up; stale callbacks compare and back off. */
        int generation;
        int missedHealthChecks;
        long restartTimer = -1;
        long healthTimer = -1;
        boolean removed;

        Instance(ExtensionRegistration reg) {
            this.reg = reg;
        }
    }

    public ExtensionSupervisor(Vertx vertx, Scheduler scheduler, ExtensionStore store, Store pipelines,
                               Function<StartRun, Future<Run>> runs, SubscriptionSecrets.Source secrets, ExtensionTokens tokens,
                               Config config) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.store = store;
        this.pipelines = pipelines;
        this.runs = runs;
        this.subscriptionSecrets = new SubscriptionSecrets(secrets);
        this.tokens = tokens;
        this.config = config;
        this.client = GrpcClient.client(vertx);
        this.workers = vertx.createSharedWorkerExecutor("gofer-extensions", 64, 365, TimeUnit.DAYS);
    }

    /** Binds the supervisor to the caller's context (the verticle's); call once from its start. */
    public void bind(Context ctx) {
        this.context = ctx;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts every enabled extension (in the background: a failing one is retried, it does not stop the server). */
    public Future<Void> startAll() {
        return onContext(() -> tokens.revokeAll().compose(v -> store.registrations()).map(regs -> {
            for (ExtensionRegistration reg : regs) {
                Instance inst = new Instance(reg);
                instances.put(reg.extensionId(), inst);
                if (reg.enabled()) {
                    start(inst).onFailure(e -> scheduleRestart(inst));
                } else {
                    inst.state = ExtensionState.EXITED;
                    inst.lastError = "disabled";
                }
            }
            return null;
        }));
    }

    /** Installs {@code id} unless it is installed already (the standard extensions at server start). */
    public Future<Void> installIfMissing(String id, String image) {
        return onContext(() -> instances.containsKey(id) ? Future.<Void>succeededFuture()
                : install(id, image, null, Map.of()).mapEmpty());
    }

    public Future<Void> stopAll() {
        return onContext(() -> {
            List<Future<Void>> stops = new ArrayList<>();
            for (Instance inst : instances.values()) {
                inst.removed = true;
                stops.add(shutdown(inst));
            }
            return Future.join(stops).<Void>mapEmpty().eventually(() -> client.close()).eventually(() -> workers.close());
        });
    }

    // ---------------------------------------------------------------- registrations

    public Future<ExtensionView> install(String id, String image, dev.gofer.sdk.config.RegistryAuth auth, Map<String, String> settings) {
        return onContext(() -> {
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
            Instance inst = new Instance(reg);
            instances.put(id, inst);
            return store.insertRegistration(reg).compose(inserted -> {
                if (!inserted) {
                    instances.remove(id);
                    return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "extension '" + id + "' is already installed"));
                }
                return start(inst).map(v -> view(inst)).recover(e -> {
                    inst.removed = true;
                    instances.remove(id);
                    return store.deleteRegistration(reg).transform(x -> Future.failedFuture(GoferException.invalid(
                            "extension '" + id + "' did not start, so nothing was installed: " + e.getMessage())));
                });
            });
        });
    }

    public Future<List<ExtensionView>> list() {
        return onContext(() -> Future.succeededFuture(instances.values().stream().map(this::view).toList()));
    }

    public Future<ExtensionView> get(String id) {
        return onContext(() -> Future.succeededFuture(view(instance(id))));
    }

    public Future<Void> setEnabled(String id, boolean enable) {
        return onContext(() -> {
            Instance inst = instance(id);
            if (inst.reg.enabled() == enable) {
                return Future.succeededFuture();
            }
            inst.reg = inst.reg.withStatus(enable ? ExtensionRegistration.ENABLED : ExtensionRegistration.DISABLED, System.currentTimeMillis());
            return store.updateRegistration(inst.reg).compose(v -> {
                if (!enable) {
                    return shutdown(inst).onComplete(x -> {
                        inst.state = ExtensionState.EXITED;
                        inst.lastError = "disabled";
                    });
                }
                inst.failures = 0;
                return start(inst).recover(e -> {
                    scheduleRestart(inst);
                    return Future.failedFuture(new GoferException(GoferException.Kind.UNAVAILABLE,
                            "extension '" + id + "' is enabled but did not start (Gofer keeps trying): " + e.getMessage()));
                });
            });
        });
    }

    /** Unsubscribes every pipeline, stops the container and deletes the registration and its subscriptions. */
    public Future<Void> uninstall(String id) {
        return onContext(() -> {
            Instance inst = instance(id);
            inst.removed = true;
            Future<Void> unsubscribed = inst.state != ExtensionState.RUNNING ? Future.succeededFuture()
                    : store.subscriptionsOf(id).compose(subs -> {
                        Future<Void> chain = Future.succeededFuture();
                        for (ExtensionSubscription s : subs) {
                            chain = chain.compose(v -> call(inst, ExtensionGrpcClient.Unsubscribe, unsubscribeRequest(s), CALL_TIMEOUT)
                                    .<Void>mapEmpty().recover(e -> Future.succeededFuture()));
                        }
                        return chain;
                    });
            return unsubscribed.compose(v -> shutdown(inst))
                    .compose(v -> store.deleteRegistration(inst.reg))
                    .onSuccess(v -> {
                        instances.remove(id);
                        workers.executeBlocking(() -> Files.deleteIfExists(logFile(id)));
                    });
        });
    }

    // ---------------------------------------------------------------- subscriptions

    public Future<ExtensionSubscription> subscribe(String ns, String pipeline, String extensionId, String subscriptionId,
                                                   Map<String, String> settings) {
        return onContext(() -> {
            if (subscriptionId == null || !LABEL.matcher(subscriptionId).matches()) {
                throw GoferException.invalid("subscription_id: '" + subscriptionId
                        + "' is not a valid label; use 1-64 of letters, digits, _ and -, starting with a letter or digit");
            }
            if (extensionId == null || extensionId.isBlank()) {
                throw GoferException.invalid("extension_id: required");
            }
            Instance inst = instance(extensionId);
            SubscriptionSecrets.check(settings);
            return pipelineExists(ns, pipeline)
                    .compose(v -> store.subscription(ns, pipeline, extensionId, subscriptionId))
                    .compose(existing -> {
                        if (existing.isPresent()) {
                            return Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT, "pipeline '" + pipeline
                                    + "' already has subscription '" + subscriptionId + "' to extension '" + extensionId + "'"));
                        }
                        requireRunning(inst);
                        ExtensionSubscription sub = new ExtensionSubscription(ns, pipeline, extensionId, subscriptionId,
                                Map.copyOf(settings), ExtensionSubscription.ACTIVE, null, System.currentTimeMillis());
                        return sendSubscribe(inst, sub)
                                .compose(ok -> store.insertSubscription(sub))
                                .compose(inserted -> inserted ? Future.succeededFuture(sub)
                                        : Future.failedFuture(new GoferException(GoferException.Kind.CONFLICT,
                                                "subscription '" + subscriptionId + "' was created meanwhile")));
                    });
        });
    }

    public Future<List<ExtensionSubscription>> subscriptionsOfPipeline(String ns, String pipeline) {
        return pipelineExists(ns, pipeline).compose(v -> store.subscriptionsOfPipeline(ns, pipeline));
    }

    public Future<List<ExtensionSubscription>> subscriptionsOf(String extensionId) {
        return onContext(() -> {
            instance(extensionId);
            return store.subscriptionsOf(extensionId);
        });
    }

    public Future<ExtensionSubscription> subscription(String ns, String pipeline, String extensionId, String subscriptionId) {
        return pipelineExists(ns, pipeline).compose(v -> store.subscription(ns, pipeline, extensionId, subscriptionId))
                .compose(s -> s.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(GoferException.notFound(
                        "pipeline '" + pipeline + "' has no subscription '" + subscriptionId + "' to extension '" + extensionId + "'"))));
    }

    public Future<Void> unsubscribe(String ns, String pipeline, String extensionId, String subscriptionId) {
        return onContext(() -> subscription(ns, pipeline, extensionId, subscriptionId).compose(sub ->
                store.deleteSubscription(sub).compose(v -> {
                    Instance inst = instances.get(extensionId);
                    if (inst == null || inst.state != ExtensionState.RUNNING) {
                        return Future.succeededFuture(); // it gets no Subscribe for this one at its next start
                    }
                    return call(inst, ExtensionGrpcClient.Unsubscribe, unsubscribeRequest(sub), CALL_TIMEOUT).<Void>mapEmpty()
                            .recover(e -> {
                                LOG.warn("extension {} did not confirm unsubscribing {}: {}", extensionId, sub.label(), e.getMessage());
                                return Future.succeededFuture();
                            });
                })));
    }

    /** PATCH status: {@code disabled} tells the extension to stop acting (unlike Gofer, which only changed the row). */
    public Future<Void> setSubscriptionStatus(String ns, String pipeline, String extensionId, String subscriptionId, String status) {
        if (!ExtensionSubscription.ACTIVE.equals(status) && !ExtensionSubscription.DISABLED.equals(status)) {
            return Future.failedFuture(GoferException.invalid("status: must be active or disabled, got '" + status + "'"));
        }
        return onContext(() -> subscription(ns, pipeline, extensionId, subscriptionId).compose(sub -> {
            Instance inst = instance(extensionId);
            if (ExtensionSubscription.DISABLED.equals(status)) {
                Future<?> told = inst.state == ExtensionState.RUNNING
                        ? call(inst, ExtensionGrpcClient.Unsubscribe, unsubscribeRequest(sub), CALL_TIMEOUT).recover(e -> Future.succeededFuture())
                        : Future.succeededFuture();
                return told.compose(v -> store.updateSubscription(sub.withStatus(ExtensionSubscription.DISABLED, null)));
            }
            requireRunning(inst);
            return sendSubscribe(inst, sub)
                    .compose(v -> store.updateSubscription(sub.withStatus(ExtensionSubscription.ACTIVE, null)));
        }));
    }

    // ---------------------------------------------------------------- calls from and to extensions

    /** Forwards an HTTP call to the extension; a refusal comes back as the extension's {@link GrpcCallException}. */
    public Future<ExternalEventResponse> externalEvent(String extensionId, Map<String, String> headers, byte[] body, String path) {
        return onContext(() -> {
            Instance inst = instance(extensionId);
            requireRunning(inst);
            ExternalEventRequest req = ExternalEventRequest.newBuilder().putAllHeaders(headers)
                    .setBody(com.google.protobuf.ByteString.copyFrom(body)).setPath(path).build();
            return call(inst, ExtensionGrpcClient.ExternalEvent, req, EVENT_TIMEOUT);
        });
    }

    /** Which extension holds this key; every current key is compared (in constant time), none is logged. */
    public Optional<String> authenticate(String key) {
        String found = null;
        for (Instance inst : instances.values()) {
            if (inst.key != null && KeyedGrpc.sameKey(inst.key, key)) {
                found = inst.reg.extensionId();
            }
        }
        return Optional.ofNullable(found);
    }

    /** ExtensionHost.StartRun from {@code extensionId} (already authenticated by its key). */
    public Future<StartRunResponse> hostStartRun(String extensionId, StartRunRequest req) {
        return store.subscription(req.getNamespaceId(), req.getPipelineId(), extensionId, req.getSubscriptionId()).compose(sub -> {
            if (sub.isEmpty() || !ExtensionSubscription.ACTIVE.equals(sub.get().status())) {
                LOG.warn("extension {} asked to start a run of {}/{} without an active subscription '{}': refused",
                        extensionId, req.getNamespaceId(), req.getPipelineId(), req.getSubscriptionId());
                return Future.failedFuture(new GrpcCallException(GrpcStatus.PERMISSION_DENIED, "extension '" + extensionId
                        + "' may only start runs of pipelines subscribed to it; " + req.getNamespaceId() + "/" + req.getPipelineId()
                        + " has no active subscription '" + req.getSubscriptionId() + "' to it"));
            }
            StartRun start = new StartRun(req.getNamespaceId(), req.getPipelineId(), Map.copyOf(req.getVariablesMap()),
                    new Initiator("extension:" + extensionId, extensionId + " (extension)"), Variable.EXTENSION);
            return runs.apply(start).map(run -> StartRunResponse.newBuilder().setRunId(run.key().runId()).build())
                    .recover(e -> Future.failedFuture(GrpcErrors.of(e)));
        });
    }

    public Path logFile(String extensionId) {
        return config.logsDir().resolve(extensionId + ".log");
    }

    /** Whether the extension is still installed (a following log reader stops when it is not). */
    public Future<Boolean> installed(String extensionId) {
        return onContext(() -> Future.succeededFuture(instances.containsKey(extensionId)));
    }

    // ---------------------------------------------------------------- one container start

    private Future<Void> start(Instance inst) {
        cancelTimers(inst);
        int gen = ++inst.generation;
        inst.state = ExtensionState.PROCESSING;
        inst.address = null;
        inst.containerId = null;
        inst.earlyExit = null;
        inst.missedHealthChecks = 0;
        String id = inst.reg.extensionId();
        LOG.info("starting extension {} ({})", id, inst.reg.image());
        return tokens.mint(id).compose(minted -> {
                    if (gen != inst.generation) {
                        return tokens.revoke(minted.tokenId()).compose(v -> Future.failedFuture(new IllegalStateException("superseded by a newer start")));
                    }
                    inst.key = minted.key();
                    inst.tokenId = minted.tokenId();
                    return config.apiUrl();
                })
                .compose(apiUrl -> config.goferHost().compose(goferHost -> config.stdImage().map(std -> spec(inst, goferHost, apiUrl, std))))
                .compose(spec -> {
                    if (gen != inst.generation) {
                        // a newer start (new key) came while the API URL or host was awaited: that one goes ahead
                        return Future.failedFuture(new IllegalStateException("superseded by a newer start"));
                    }
                    return blocking(() -> scheduler.start(spec));
                })
                .compose(containerId -> {
                    inst.containerId = containerId;
                    follow(inst, gen, containerId);
                    return blocking(() -> scheduler.address(containerId));
                })
                .compose(ip -> {
                    if (ip.isEmpty()) {
                        return Future.failedFuture(new IllegalStateException("the container has no address on the bridge network"
                                + " (did it exit at once? see `gofer extension logs " + id + "`)"));
                    }
                    inst.address = SocketAddress.inetSocketAddress(ExtensionEnvironment.PORT, ip.get());
                    return waitForInfo(inst, gen, System.nanoTime() + config.startDeadline().toNanos(), null);
                })
                .compose(info -> {
                    inst.documentation = documentation(info);
                    return call(inst, ExtensionGrpcClient.Init, InitRequest.newBuilder().putAllSettings(inst.reg.settings()).build(),
                            CALL_TIMEOUT).recover(e -> Future.failedFuture(new IllegalStateException("it refused its install settings: "
                            + e.getMessage())));
                })
                .compose(v -> {
                    if (gen != inst.generation) {
                        return Future.failedFuture(new IllegalStateException("superseded by a newer start"));
                    }
                    if (inst.earlyExit != null) {
                        return Future.failedFuture(new IllegalStateException(inst.earlyExit + " right after Init"));
                    }
                    inst.state = ExtensionState.RUNNING;
                    inst.started = System.currentTimeMillis();
                    inst.lastError = null;
                    LOG.info("extension {} running at {}", id, inst.address);
                    scheduleHealthCheck(inst, gen);
                    // a container that stays up this long has recovered: the next crash restarts it quickly again
                    vertx.setTimer(Math.max(1, config.maxBackoff().toMillis() / 2), t -> {
                        if (gen == inst.generation && inst.state == ExtensionState.RUNNING) {
                            inst.failures = 0;
                        }
                    });
                    return resubscribe(inst);
                })
                .recover(e -> {
                    // fail only once the container is gone, so a retry (or a new install) can reuse its name
                    Future<Void> removed = gen == inst.generation ? giveUp(inst, "could not start: " + e.getMessage())
                            : Future.succeededFuture();
                    return removed.transform(x -> Future.<Void>failedFuture(e));
                });
    }

    /** {@code stdImage}: the gofer image; an extension installed from it runs as {@code gofer extension run <id>}. */
    private ContainerSpec spec(Instance inst, String goferHost, String apiUrl, String stdImage) {
        Map<String, String> env = new LinkedHashMap<>();
        // settings first, so a setting can never overwrite the id, key or host below
        inst.reg.settings().forEach((k, v) -> env.put(ExtensionEnvironment.settingVariable(k), v));
        env.putAll(ExtensionEnvironment.system(inst.reg.extensionId(), inst.key, goferHost, apiUrl));
        Map<String, String> labels = new LinkedHashMap<>(config.instanceLabels());
        labels.put("gofer.extension", inst.reg.extensionId());
        String name = "gofer_" + config.instanceId() + "_extension_" + inst.reg.extensionId();
        List<String> command = null;
        if (inst.reg.image().equals(stdImage)) {
            command = List.of("extension", "run", inst.reg.extensionId());
            env.putIfAbsent("GOFER_JAVA_OPTS", STD_JAVA_OPTS); // a small extension needs less than the server's jvm.options
        }
        return new ContainerSpec(name, inst.reg.image(), inst.reg.registryAuth(), false, null, command, env, labels);
    }

    private Future<InfoResponse> waitForInfo(Instance inst, int gen, long deadline, Throwable last) {
        if (gen != inst.generation) {
            return Future.failedFuture(new IllegalStateException("superseded by a newer start"));
        }
        if (inst.earlyExit != null) {
            return Future.failedFuture(new IllegalStateException(inst.earlyExit + " before answering Info (see `gofer extension logs "
                    + inst.reg.extensionId() + "`)"));
        }
        if (System.nanoTime() > deadline) {
            return Future.failedFuture(new IllegalStateException("it did not answer Info within " + config.startDeadline().toSeconds()
                    + " s" + (last == null ? "" : " (last try: " + last.getMessage() + ")")));
        }
        return call(inst, ExtensionGrpcClient.Info, InfoRequest.getDefaultInstance(), Duration.ofSeconds(2))
                .recover(e -> {
                    if (e instanceof GrpcCallException g && g.status() == GrpcStatus.UNAUTHENTICATED) {
                        return Future.failedFuture(new IllegalStateException("it refused Gofer's key: " + e.getMessage()));
                    }
                    Promise<Void> later = Promise.promise();
                    vertx.setTimer(250, t -> later.complete());
                    return later.future().compose(v -> waitForInfo(inst, gen, deadline, e));
                });
    }

    private Future<Void> resubscribe(Instance inst) {
        return store.subscriptionsOf(inst.reg.extensionId()).compose(subs -> {
            Future<Void> chain = Future.succeededFuture();
            for (ExtensionSubscription sub : subs) {
                if (ExtensionSubscription.DISABLED.equals(sub.status())) {
                    continue;
                }
                chain = chain.compose(v -> sendSubscribe(inst, sub)
                        .transform(ar -> {
                            if (ar.succeeded()) {
                                return ExtensionSubscription.ACTIVE.equals(sub.status()) ? Future.<Void>succeededFuture()
                                        : store.updateSubscription(sub.withStatus(ExtensionSubscription.ACTIVE, null));
                            }
                            LOG.warn("extension {} refused stored subscription {}: {}", inst.reg.extensionId(), sub.label(), ar.cause().getMessage());
                            return store.updateSubscription(sub.withStatus(ExtensionSubscription.ERROR,
                                    new ExtensionSubscription.Reason("failed", "not accepted when the extension restarted: " + ar.cause().getMessage())));
                        }));
            }
            return chain;
        });
    }

    /** Copies the container's output to its log file until it exits, then reports the exit on the supervisor's context. */
    private void follow(Instance inst, int gen, String containerId) {
        Path file = logFile(inst.reg.extensionId());
        workers.executeBlocking(() -> {
            dev.gofer.files.PrivateFiles.directories(file.getParent());
            try (OutputStream out = dev.gofer.files.PrivateFiles.append(file)) {
                out.write(("--- gofer: container " + containerId.substring(0, Math.min(12, containerId.length())) + " started "
                        + Instant.now() + " ---\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                scheduler.streamLogs(containerId, (stderr, bytes) -> {
                    try {
                        out.write(bytes);
                        out.flush();
                    } catch (IOException e) {
                        LOG.debug("extension log write failed", e);
                    }
                });
            }
            return scheduler.waitForExit(containerId);
        }, false).onComplete(exit -> context.runOnContext(v -> exited(inst, gen,
                exit.succeeded() ? "container exited with code " + exit.result() : "lost track of the container: " + exit.cause().getMessage())));
    }

    private void exited(Instance inst, int gen, String why) {
        if (gen != inst.generation || inst.removed) {
            return; // a container Gofer gave up on itself
        }
        if (inst.state == ExtensionState.PROCESSING) {
            inst.earlyExit = why; // start() notices and fails
            return;
        }
        LOG.warn("extension {} stopped: {}", inst.reg.extensionId(), why);
        giveUp(inst, why).onComplete(x -> scheduleRestart(inst));
    }

    /** Marks the current container as gone (stale callbacks then ignore it) and removes it. */
    private Future<Void> giveUp(Instance inst, String why) {
        inst.generation++;
        inst.state = ExtensionState.EXITED;
        inst.lastError = why;
        forgetKey(inst);
        cancelTimers(inst);
        return removeContainer(inst);
    }

    private void scheduleRestart(Instance inst) {
        if (inst.removed || !inst.reg.enabled() || inst.restartTimer >= 0) {
            return;
        }
        long delay = Math.min(config.maxBackoff().toMillis(), config.firstBackoff().toMillis() << Math.min(inst.failures, 20));
        inst.failures++;
        LOG.info("restarting extension {} in {} ms (attempt {})", inst.reg.extensionId(), delay, inst.failures);
        inst.restartTimer = vertx.setTimer(Math.max(1, delay), t -> {
            inst.restartTimer = -1;
            if (inst.removed || !inst.reg.enabled()) {
                return;
            }
            inst.restarts++;
            start(inst).onFailure(e -> scheduleRestart(inst));
        });
    }

    private void scheduleHealthCheck(Instance inst, int gen) {
        inst.healthTimer = vertx.setPeriodic(config.healthInterval().toMillis(), t -> {
            if (gen != inst.generation || inst.state != ExtensionState.RUNNING) {
                vertx.cancelTimer(t);
                return;
            }
            call(inst, ExtensionGrpcClient.Info, InfoRequest.getDefaultInstance(), Duration.ofSeconds(5)).onComplete(ar -> {
                if (gen != inst.generation) {
                    return;
                }
                inst.missedHealthChecks = ar.succeeded() ? 0 : inst.missedHealthChecks + 1;
                if (inst.missedHealthChecks >= 3) {
                    LOG.warn("extension {} stopped answering: restarting it", inst.reg.extensionId());
                    giveUp(inst, "stopped answering Info (3 health checks in a row): " + ar.cause().getMessage())
                            .onComplete(x -> scheduleRestart(inst));
                }
            });
        });
    }

    private void cancelTimers(Instance inst) {
        if (inst.restartTimer >= 0) {
            vertx.cancelTimer(inst.restartTimer);
            inst.restartTimer = -1;
        }
        if (inst.healthTimer >= 0) {
            vertx.cancelTimer(inst.healthTimer);
            inst.healthTimer = -1;
        }
    }

    /** Asks a running extension to shut down (briefly), then removes its container. */
    private Future<Void> shutdown(Instance inst) {
        cancelTimers(inst);
        Future<?> asked = inst.state == ExtensionState.RUNNING
                ? call(inst, ExtensionGrpcClient.Shutdown, ShutdownRequest.getDefaultInstance(), Duration.ofSeconds(3))
                        .recover(e -> Future.succeededFuture())
                : Future.succeededFuture();
        return asked.compose(v -> {
            inst.generation++;
            forgetKey(inst);
            String containerId = inst.containerId;
            inst.containerId = null;
            return containerId == null ? Future.<Void>succeededFuture() : blocking(() -> {
                scheduler.remove(containerId);
                return null;
            });
        });
    }

    private Future<Void> removeContainer(Instance inst) {
        String containerId = inst.containerId;
        inst.containerId = null;
        if (containerId == null) {
            return Future.succeededFuture();
        }
        return this.<Void>blocking(() -> {
            scheduler.remove(containerId);
            return null;
        }).recover(e -> {
            LOG.warn("extension container {} was not removed: {}", containerId, e.getMessage());
            return Future.succeededFuture();
        });
    }

    // ---------------------------------------------------------------- helpers

    private <Req, Resp> Future<Resp> call(Instance inst, io.vertx.grpc.common.ServiceMethod<Resp, Req> method, Req message, Duration timeout) {
        if (inst.address == null || inst.key == null) {
            return Future.failedFuture(new GrpcCallException(GrpcStatus.UNAVAILABLE, "extension '" + inst.reg.extensionId() + "' is not running"));
        }
        return KeyedGrpc.call(client, inst.address, method, inst.key, message, timeout);
    }

    private void requireRunning(Instance inst) {
        if (!inst.reg.enabled()) {
            throw new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + inst.reg.extensionId()
                    + "' is disabled; enable it first (gofer extension enable " + inst.reg.extensionId() + ")");
        }
        if (inst.state != ExtensionState.RUNNING) {
            throw new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + inst.reg.extensionId() + "' is not running (state "
                    + inst.state.wire() + (inst.lastError == null ? "" : ", last error: " + inst.lastError) + "); try again once it runs");
        }
    }

    /** Subscribe with secrets filled in; a refusal comes back with any secret value masked (extensions may echo settings). */
    private Future<Void> sendSubscribe(Instance inst, ExtensionSubscription sub) {
        String extensionId = inst.reg.extensionId();
        return subscriptionSecrets.resolve(sub.namespaceId(), sub.pipelineId(), sub.settings()).compose(resolved ->
                call(inst, ExtensionGrpcClient.Subscribe, subscribeRequest(sub, resolved.settings()), CALL_TIMEOUT).<Void>mapEmpty()
                        .recover(e -> Future.failedFuture(e instanceof GrpcCallException g && g.status() == GrpcStatus.INVALID_ARGUMENT
                                ? GoferException.invalid("extension '" + extensionId + "' refused the settings: " + resolved.mask(g.getMessage()))
                                : new GoferException(GoferException.Kind.UNAVAILABLE, "extension '" + extensionId
                                        + "' did not accept the subscription: " + resolved.mask(e.getMessage())))));
    }

    private Instance instance(String id) {
        Instance inst = instances.get(id);
        if (inst == null) {
            throw GoferException.notFound("extension '" + id + "' is not installed");
        }
        return inst;
    }

    private Future<Void> pipelineExists(String ns, String pipeline) {
        return pipelines.pipeline(ns, pipeline).compose(p -> p.isPresent() ? Future.<Void>succeededFuture()
                : Future.failedFuture(GoferException.notFound("pipeline '" + pipeline + "' not found in namespace '" + ns + "'")));
    }

    private ExtensionView view(Instance inst) {
        String url = inst.address == null ? "" : "http://" + inst.address.host() + ":" + inst.address.port();
        return new ExtensionView(inst.reg, url, inst.started, inst.state, inst.documentation, inst.lastError, inst.restarts);
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

    private static SubscribeRequest subscribeRequest(ExtensionSubscription s, Map<String, String> resolvedSettings) {
        return SubscribeRequest.newBuilder().setNamespaceId(s.namespaceId()).setPipelineId(s.pipelineId())
                .setSubscriptionId(s.subscriptionId()).putAllSettings(resolvedSettings).build();
    }

    private static UnsubscribeRequest unsubscribeRequest(ExtensionSubscription s) {
        return UnsubscribeRequest.newBuilder().setNamespaceId(s.namespaceId()).setPipelineId(s.pipelineId())
                .setSubscriptionId(s.subscriptionId()).build();
    }

    /** 32 random bytes: minted per container start, held only in memory and in the container's environment. */
    /** The container is gone or going: its key stops working on both gRPC (at once) and the REST API (revoked). */
    private void forgetKey(Instance inst) {
        inst.key = null;
        String tokenId = inst.tokenId;
        inst.tokenId = null;
        if (tokenId != null) {
            tokens.revoke(tokenId).onFailure(e -> LOG.warn("the API token of extension {}'s stopped container was not revoked: {}",
                    inst.reg.extensionId(), e.getMessage()));
        }
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    /** Runs {@code work} on the supervisor's context and completes on the caller's. */
    private <T> Future<T> onContext(Supplier<Future<T>> work) {
        Context caller = Vertx.currentContext();
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            Future<T> f;
            try {
                f = work.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                if (caller == null || caller == context) {
                    result.handle(ar);
                } else {
                    caller.runOnContext(x -> result.handle(ar));
                }
            });
        });
        return result.future();
    }
}
