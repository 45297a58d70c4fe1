package dev.gofer;

import dev.gofer.extensions.ExtensionTokens;
import dev.gofer.extensions.ExtensionValues;
import dev.gofer.extensions.SubscriptionSecrets;
import dev.gofer.files.PrivateFiles;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import dev.gofer.api.ApiInstances;
import dev.gofer.api.ApiVerticle;
import dev.gofer.bus.Bus;
import dev.gofer.config.EncryptionKey;
import dev.gofer.config.KeyFile;
import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import dev.gofer.objects.ObjectBackends;
import dev.gofer.objects.ObjectStore;
import dev.gofer.runs.RunTokens;
import dev.gofer.runs.TaskInputs;
import dev.gofer.secrets.SecretCipher;
import dev.gofer.secrets.Secrets;
import dev.gofer.store.SqlObjectIndex;
import dev.gofer.store.SqlSecretStore;
import dev.gofer.store.SqlStore;
import dev.gofer.logs.LogStore;
import dev.gofer.logs.LogVerticle;
import dev.gofer.metrics.GoferMetrics;
import dev.gofer.metrics.ServerMetrics;
import dev.gofer.model.Namespace;
import dev.gofer.runs.OrchestratorVerticle;
import dev.gofer.scheduler.SchedulerVerticle;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.docker.DockerScheduler;
import dev.gofer.scheduler.kubernetes.KubernetesScheduler;
import dev.gofer.store.Stores;
import dev.gofer.auth.AuthStore;
import dev.gofer.auth.CachingAuthStore;
import dev.gofer.auth.SqlAuthStore;
import dev.gofer.events.EventLog;
import dev.gofer.events.EventPruner;
import dev.gofer.jvm.IdleHeapRelease;
import dev.gofer.store.NamespaceStore;
import dev.gofer.store.SqlNamespaceStore;
import dev.gofer.store.SqlStore;
import dev.gofer.store.SqlConfigStore;
import dev.gofer.store.SqlDeletionStore;
import dev.gofer.store.SqlSystemPreferences;
import dev.gofer.store.Store;
import dev.gofer.store.SystemPreferences;
import dev.gofer.extensions.ExtensionSupervisorVerticle;
import dev.gofer.extensions.Extensions;
import dev.gofer.deletion.PipelineDeletion;
import dev.gofer.deletion.FileRemovals;
import dev.gofer.deletion.RunRetention;
import dev.gofer.store.DeletionStore.GoneSubscription;
import dev.gofer.deletion.StoredFiles;
import dev.gofer.config.Retention;
import dev.gofer.runs.Runs;
import dev.gofer.extensions.SqlExtensionStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the server: store, then log, scheduler, orchestrator and API verticles. */
public final class GoferServer {
    private static final Logger LOG = LoggerFactory.getLogger(GoferServer.class);

    private final Vertx vertx;
    private final Store store;
    private final DockerScheduler docker;
    /** Null unless setting scheduler is kubernetes. */
    private final KubernetesScheduler kubernetes;
    private final List<String> deployments;
    private final ApiVerticle api;
    private final List<Long> pruneTimers;
    private final int extensionPort;
    private final ObjectStore objects;
    /** Delay before an extension's first restart; doubles per failed attempt, capped at a minute. */
    private static final Duration EXTENSION_FIRST_BACKOFF = Duration.ofSeconds(1);
    /** How long a token lookup is reused when nothing changed it through this server (see CachingAuthStore). */
    private static final Duration TOKEN_CACHE_TTL = Duration.ofSeconds(5);
    /** Retention deletes finished runs this many per transaction, pausing between batches so the API keeps answering. */
    private static final int RUN_PRUNE_BATCH = 100;
    private static final Duration RUN_PRUNE_PAUSE = Duration.ofMillis(50);
    /**
     * Instances of the API verticle, each on an event loop of its own: with one, a single thread parsed, routed,
     * checked and encoded every request, and under load that thread was the queue (bench/PROFILE.md).
     */
    static final int API_EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private GoferServer(Vertx vertx, Store store, DockerScheduler docker, KubernetesScheduler kubernetes, List<String> deployments,
                        ApiVerticle api, List<Long> pruneTimers, int extensionPort, ObjectStore objects) {
        this.objects = objects;
        this.kubernetes = kubernetes;
        this.pruneTimers = pruneTimers;
        this.extensionPort = extensionPort;
        this.vertx = vertx;
        this.store = store;
        this.docker = docker;
        this.deployments = deployments;
        this.api = api;
    }

    /**
     * Starts every verticle and the HTTP API; the future completes once the API listens. With {@code metrics_token}
     * set, build {@code vertx} with {@link ServerMetrics#newVertx()} and use {@link #start(Vertx, ServerSettings,
     * ServerMetrics)}: this one serves Gofer's own metrics only.
     */
    public static Future<GoferServer> start(Vertx vertx, ServerSettings settings) {
        return start(vertx, settings, ServerMetrics.of(settings));
    }

    /** As {@link #start(Vertx, ServerSettings)}, recording into {@code metrics}, whose {@code newVertx()} built {@code vertx}. */
    public static Future<GoferServer> start(Vertx vertx, ServerSettings settings, ServerMetrics metrics) {
        if (metrics.enabled() && !vertx.isMetricsEnabled()) {
            LOG.warn("metrics_token is set but Vert.x was built without metrics: /metrics shows Gofer's own figures only");
        }
        try {
            PrivateFiles.dataDir(settings.dataDir());
            PrivateFiles.directories(settings.logsDir());
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("cannot create the data dir " + settings.dataDir() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose a folder this user may write with"
                    + " setting data_dir (--data-dir, GOFER_DATA_DIR)", e));
        }
        KeyFile.Chosen chosenKey;
        try {
            chosenKey = KeyFile.choose(settings);
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        EncryptionKey key = chosenKey.key();
        try {
            Bus.registerCodecs(vertx);
        } catch (IllegalStateException alreadyRegistered) {
            // a second server in the same Vertx (tests): the codecs are already there
        }
        Stores.Opened db;
        try {
            db = Stores.open(vertx, settings, e -> vertx.eventBus().publish(Bus.EVENTS, e));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        EventLog events = db.events();
        Store store = db.store();
        // every request looks its token up; changes go through this cache and empty it (revocation stays immediate)
        AuthStore auth = new CachingAuthStore(new SqlAuthStore(db.pool(), db.dialect(), events), TOKEN_CACHE_TTL,
                System::currentTimeMillis);
        NamespaceStore namespaces = new SqlNamespaceStore(db.dialect(), events);
        SystemPreferences preferences = new SqlSystemPreferences(db.pool(), db.dialect(), events);
        if (settings.developmentMode()) {
            LOG.warn("""

                    ************************************************************************
                    *  DEVELOPMENT MODE: AUTHENTICATION IS OFF. Every request acts as admin. *
                    *  Never run like this where anyone else can reach port {}.             *
                    ************************************************************************""", settings.port());
        }
        ObjectStore objects = new ObjectStore(new SqlObjectIndex(db.pool(), db.dialect(), events), ObjectBackends.create(vertx, settings),
                settings.objectSizeLimit(), settings.pipelineObjectLimit(), settings.runObjectExpiry(), System::currentTimeMillis);
        Secrets secrets = new Secrets(vertx, new SqlSecretStore(db.pool(), db.dialect()), new SecretCipher(key),
                System::currentTimeMillis);
        DockerScheduler docker = new DockerScheduler(settings.dockerHost(), settings.dockerApiVersion(), settings.dockerCallTimeout());
        // tasks and extensions run on the chosen scheduler (the scheduler verticle answers both)
        KubernetesScheduler kubernetes = ServerSettings.KUBERNETES.equals(settings.scheduler())
                ? new KubernetesScheduler(vertx, settings.kubernetesNamespace(), settings.kubernetesStartTimeout()) : null;
        Scheduler tasks = kubernetes != null ? kubernetes : docker;
        // GOFER_API_URL is known once the API listens (its port may be 0 = any); tasks resumed at start wait for it
        Promise<String> taskApiUrl = Promise.promise();
        RunTokens runTokens = new RunTokens(auth, key, taskApiUrl.future(), System::currentTimeMillis);
        LogStore logs = new LogStore(settings.logsDir());
        // Containers of this server (one data dir) carry this label, so a restart finds and removes its leftovers.
        Map<String, String> instance = Map.of("gofer.instance", settings.instanceId());
        ExtensionSupervisorVerticle extensions = new ExtensionSupervisorVerticle(new SqlExtensionStore(db.pool(), db.dialect(), events),
                store, settings, instance, EXTENSION_FIRST_BACKOFF, SubscriptionSecrets.Source.of(secrets),
                new ExtensionValues(objects), new ExtensionTokens(auth, System::currentTimeMillis),
                taskApiUrl.future());
        metrics.sampleBeforeScrape(() -> Extensions.onBus(vertx.eventBus()).list().map(views -> {
            metrics.recorder().extensions(views.stream().map(v -> new GoferMetrics.ExtensionSample(
                    v.registration().extensionId(), v.state().wire(), v.restarts())).toList());
            return null;
        }));
        SqlDeletionStore deletions = new SqlDeletionStore(db.pool(), db.dialect(), events);
        FileRemovals fileRemovals = new FileRemovals(deletions, new StoredFiles(vertx, logs, objects));
        PipelineDeletion pipelineDeletion = new PipelineDeletion(vertx, store, deletions, Runs.onBus(vertx.eventBus()),
                (ns, pipeline, gone) -> forget(Extensions.onBus(vertx.eventBus()), ns, pipeline, gone), fileRemovals,
                settings.taskStopTimeout().plusSeconds(60));
        OrchestratorVerticle orchestrator = new OrchestratorVerticle(store, settings.taskStopTimeout(), instance,
                ServerSettings.CANCEL_RUNS.equals(settings.shutdownMode()), new TaskInputs(secrets, objects, runTokens),
                settings.taskLimits(), metrics.recorder(), preferences);
        ApiVerticle.PipelineAdmin admin = new ApiVerticle.PipelineAdmin(new SqlConfigStore(db.pool(), db.dialect(), events),
                deletions, preferences, pipelineDeletion);
        ApiVerticle[] api = new ApiVerticle[1];
        List<String> deployed = new CopyOnWriteArrayList<>(); // added to from the deployments' threads
        AtomicLong pruner = new AtomicLong(-1);
        AtomicLong runPruner = new AtomicLong(-1);
        Retention retention = settings.retention();
        RunRetention runRetention = new RunRetention(vertx, store, deletions, fileRemovals, (ns, pipeline) -> store.liveConfig(ns, pipeline)
                .map(c -> c.map(v -> v.config().keepRuns()).filter(k -> k != null)
                        .map(k -> OptionalInt.of(k.intValue())).orElse(OptionalInt.empty())),
                new RunRetention.Policy(retention.keepRuns(), retention.runRetention(), RUN_PRUNE_BATCH, RUN_PRUNE_PAUSE),
                System::currentTimeMillis);

        // The engine check (and the docker-java client it builds) runs beside the start, not before the API answers:
        // without an engine the API still serves, and this warns once it knows.
        vertx.executeBlocking(() -> checkEngine(tasks), false);
        return store.migrate()
                .recover(e -> Future.failedFuture(StartErrors.database(e, settings)))
                .compose(v -> secrets.verifyKey(chosenKey.source()))
                .compose(v -> events.init())
                .onSuccess(v -> pruner.set(EventPruner.schedule(vertx, events, retention.events(), retention.eventPruneInterval())))
                .compose(v -> store.ensureNamespace(new Namespace(Namespace.DEFAULT, "Default",
                        "Created by Gofer at first start", System.currentTimeMillis(), 0)))
                .compose(v -> objects.start(vertx, ObjectBackends.SWEEP_INTERVAL))
                .compose(v -> fileRemovals.finishPending())
                .onSuccess(n -> { if (n > 0) { LOG.info("finished removing the files of {} deleted pipelines or runs", n); } })
                .onSuccess(v -> runPruner.set(runRetention.schedule(retention.runPruneInterval())))
                .compose(v -> vertx.deployVerticle(new LogVerticle(logs, settings.taskLogLimit(), metrics.recorder()), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .onSuccess(deployed::add)
                .compose(v -> vertx.deployVerticle(new SchedulerVerticle(tasks)))
                .onSuccess(deployed::add)
                .compose(v -> vertx.deployVerticle(orchestrator))
                .onSuccess(deployed::add)
                // the API deploys beside the extension supervisor's start (its gRPC server, its registrations): it
                // needs only the supervisor's bus address, where requests wait until the supervisor is ready
                .compose(v -> {
                    Future<String> supervising = vertx.deployVerticle(extensions).recover(e -> Future.failedFuture(
                            StartErrors.listen(e, Setting.EXTENSION_PORT, settings.extensionPort(),
                                    "the port extensions call Gofer back on (gRPC)")));
                    Promise<Void> answering = Promise.promise();
                    extensions.answering().onComplete(answering);
                    supervising.onSuccess(deployed::add).onFailure(answering::tryFail);
                    IntFunction<ApiVerticle> apiOn = port -> new ApiVerticle(store, logs, settings.bindAddress(), port,
                            metadata(settings.developmentMode()), new ApiVerticle.Auth(auth, namespaces, events, settings.developmentMode()),
                            objects, secrets, admin).withTaskLimits(settings.taskLimits()).withMetrics(metrics);
                    Future<ApiInstances.Deployed> serving = answering.future()
                            .compose(x -> ApiInstances.deploy(vertx, settings.bindAddress(), settings.port(), API_EVENT_LOOPS, apiOn)
                                    .recover(e -> Future.failedFuture(StartErrors.listen(e, Setting.PORT,
                                            settings.port(), "the HTTP port of the API and dashboard"))))
                            .onSuccess(d -> {
                                api[0] = d.first();
                                deployed.add(d.deploymentId());
                            });
                    // both settle before the start does, so a failed start undeploys whichever of them succeeded
                    return Future.join(supervising, serving)
                            .recover(e -> Future.failedFuture(supervising.failed() ? supervising.cause() : serving.cause()));
                })
                .compose(v -> taskApiUrl(vertx, settings, tasks, api[0].actualPort()))
                .onSuccess(url -> {
                    LOG.info("tasks with inject_api_token reach the API at {}", url);
                    taskApiUrl.complete(url);
                    // in the background: their runs may still be being resumed
                    pipelineDeletion.finishUnderWay()
                            .onSuccess(n -> { if (n > 0) { LOG.info("finished {} pipeline deletions a previous process began", n); } })
                            .onFailure(e -> LOG.warn("{}", e.getMessage()));
                })
                .map(v -> new GoferServer(vertx, store, docker, kubernetes, deployed, api[0],
                        List.of(pruner.get(), runPruner.get(), IdleHeapRelease.schedule(vertx, IdleHeapRelease.INTERVAL, orchestrator::runsInFlight)),
                        extensions.hostPort(), objects))
                .onFailure(e -> {
                    taskApiUrl.tryFail(e);
                    deployed.forEach(vertx::undeploy);
                    vertx.cancelTimer(pruner.get());
                    vertx.cancelTimer(runPruner.get());
                    objects.close(vertx);
                    store.close();
                });
    }

    /** Tells each extension a deleted pipeline subscribed to that the subscription is gone. */
    private static Future<Void> forget(Extensions extensions, String ns, String pipeline, List<GoneSubscription> gone) {
        return Future.all(gone.stream().map(sub -> extensions.forget(ns, pipeline, sub.extensionId(), sub.subscriptionId())).toList())
                .mapEmpty();
    }

    /** The task_api_url setting, or the API's port on the host containers reach Gofer at (as extensions do). */
    private static Future<String> taskApiUrl(Vertx vertx, ServerSettings settings, Scheduler engine, int port) {
        if (!settings.taskApiUrl().isEmpty()) {
            return Future.succeededFuture(settings.taskApiUrl());
        }
        return vertx.executeBlocking(() -> "http://" + engine.hostForContainers(settings.extensionHost()) + ":" + port);
    }

    /** Warns once, with the fix, when no engine answers: the API still serves and tasks fail with scheduler_error. */
    private static Void checkEngine(Scheduler engine) {
        engine.problem().ifPresent(problem -> LOG.warn("{}. Tasks will fail with scheduler_error until it answers.", problem));
        return null;
    }

    private static JsonObject metadata(boolean developmentMode) {
        Properties props = new Properties();
        try (InputStream in = GoferServer.class.getResourceAsStream("/gofer-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new JsonObject().put("semver", props.getProperty("semver", "unknown"))
                .put("commit", System.getenv().getOrDefault("GOFER_COMMIT", "unknown"))
                // extension of the contract: says loudly when anyone may do anything
                .put("auth", developmentMode ? "disabled (development mode)" : "enabled");
    }

    /** The port the HTTP API actually listens on (useful when the settings asked for port 0). */
    public int port() {
        return api.actualPort();
    }

    /** Every API route as {@code "METHOD /path/template"}, from the live router. */
    public List<String> apiRoutes() {
        return api.routes();
    }

    /** The port ExtensionHost (gRPC) actually listens on. */
    public int extensionPort() {
        return extensionPort;
    }

    /** Stops the API and undeploys the verticles; containers still running are cleaned up by the next start. */
    public Future<Void> close() {
        Future<Void> chain = Future.succeededFuture();
        List<String> newestFirst = new ArrayList<>(deployments);
        Collections.reverse(newestFirst);
        pruneTimers.forEach(vertx::cancelTimer);
        for (String id : newestFirst) {
            chain = chain.compose(v -> vertx.undeploy(id)).recover(e -> Future.succeededFuture());
        }
        return chain.compose(v -> store.close()).onComplete(v -> {
            objects.close(vertx);
            if (kubernetes != null) {
                kubernetes.close();
            }
            try {
                docker.close();
            } catch (IOException e) {
                LOG.debug("closing the Docker client", e);
            }
        });
    }
}
