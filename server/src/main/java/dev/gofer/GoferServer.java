package dev.gofer;

import dev.gofer.api.ApiVerticle;
import dev.gofer.bus.Bus;
import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import dev.gofer.objects.FilesystemBackend;
import dev.gofer.objects.ObjectStore;
import dev.gofer.runs.TaskInputs;
import dev.gofer.secrets.SecretCipher;
import dev.gofer.secrets.Secrets;
import dev.gofer.store.SqlObjectIndex;
import dev.gofer.store.SqlSecretStore;
import dev.gofer.store.SqlStore;
import dev.gofer.logs.LogStore;
import dev.gofer.logs.LogVerticle;
import dev.gofer.model.Namespace;
import dev.gofer.runs.OrchestratorVerticle;
import dev.gofer.scheduler.SchedulerVerticle;
import dev.gofer.scheduler.docker.DockerScheduler;
import dev.gofer.store.Stores;
import dev.gofer.store.Store;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the server: store, then log, scheduler, orchestrator and API verticles. */
public final class GoferServer {
    private static final Logger LOG = LoggerFactory.getLogger(GoferServer.class);

    private final Vertx vertx;
    private final Store store;
    private final DockerScheduler docker;
    private final List<String> deployments;
    private final int port;

    private GoferServer(Vertx vertx, Store store, DockerScheduler docker, List<String> deployments, int port) {
        this.vertx = vertx;
        this.store = store;
        this.docker = docker;
        this.deployments = deployments;
        this.port = port;
    }

    /** Starts every verticle and the HTTP API; the future completes once the API listens. */
    public static Future<GoferServer> start(Vertx vertx, ServerSettings settings) {
        try {
            Files.createDirectories(settings.logsDir());
        } catch (IOException e) {
            return Future.failedFuture(new IllegalStateException("cannot create data dir " + settings.dataDir() + ": " + e.getMessage(), e));
        }
        EncryptionKey key = settings.encryptionKey();
        if (key == null) {
            if (!settings.developmentMode()) {
                return Future.failedFuture(new IllegalArgumentException("no encryption key: secrets are encrypted with a"
                        + " 32-byte key; set GOFER_ENCRYPTION_KEY (or encryption_key in the config file, or --encryption-key)"
                        + " to 64 hex characters, e.g. the output of `openssl rand -hex 32`. For development only,"
                        + " start with --dev (GOFER_DEVELOPMENT_MODE=true) to use a fixed, public key instead"));
            }
            LOG.warn("*** DEVELOPMENT MODE: no encryption key set, so secrets are encrypted with a fixed key that is"
                    + " public (anyone with the database can read them). Never use development mode with real secrets;"
                    + " set GOFER_ENCRYPTION_KEY (openssl rand -hex 32). ***");
            key = EncryptionKey.development();
        }
        try {
            Bus.registerCodecs(vertx);
        } catch (IllegalStateException alreadyRegistered) {
            // a second server in the same Vertx (tests): the codecs are already there
        }
        SqlStore store;
        try {
            store = Stores.open(vertx, settings);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        SqlStore sql = store;
        FilesystemBackend objectFiles = new FilesystemBackend(vertx, settings.objectsDir());
        ObjectStore objects = new ObjectStore(new SqlObjectIndex(sql.pool(), sql.dialect()), objectFiles,
                settings.objectSizeLimit(), settings.pipelineObjectLimit(), settings.runObjectExpiry(), System::currentTimeMillis);
        Secrets secrets = new Secrets(vertx, new SqlSecretStore(sql.pool(), sql.dialect()), new SecretCipher(key),
                System::currentTimeMillis);
        DockerScheduler docker = new DockerScheduler(settings.dockerHost(), settings.dockerApiVersion());
        LogStore logs = new LogStore(settings.logsDir());
        // Containers of this server (one data dir) carry this label, so a restart finds and removes its leftovers.
        Map<String, String> instance = Map.of("gofer.instance", settings.instanceId());
        ApiVerticle api = new ApiVerticle(store, logs, settings.bindAddress(), settings.port(), metadata(), objects, secrets);
        List<String> deployed = new ArrayList<>();

        return store.migrate()
                .compose(v -> store.ensureNamespace(new Namespace(Namespace.DEFAULT, "Default",
                        "Created by Gofer at first start", System.currentTimeMillis(), 0)))
                .compose(v -> vertx.executeBlocking(() -> {
                    objectFiles.prepare();
                    return checkDocker(docker);
                }))
                .compose(v -> vertx.deployVerticle(new LogVerticle(logs), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
                .onSuccess(deployed::add)
                .compose(v -> vertx.deployVerticle(new SchedulerVerticle(docker)))
                .onSuccess(deployed::add)
                .compose(v -> vertx.deployVerticle(new OrchestratorVerticle(store, settings.taskStopTimeout(), instance,
                        ServerSettings.CANCEL_RUNS.equals(settings.shutdownMode()), new TaskInputs(secrets, objects))))
                .onSuccess(deployed::add)
                .compose(v -> vertx.deployVerticle(api))
                .onSuccess(deployed::add)
                .map(v -> new GoferServer(vertx, store, docker, deployed, api.actualPort()))
                .onFailure(e -> {
                    deployed.forEach(vertx::undeploy);
                    store.close();
                });
    }

    /** Warns once, with the fix, when no engine answers: the API still serves and tasks fail with scheduler_error. */
    private static Void checkDocker(DockerScheduler docker) {
        docker.problem().ifPresent(problem -> LOG.warn("{}. Tasks will fail with scheduler_error until it answers.", problem));
        return null;
    }

    private static JsonObject metadata() {
        Properties props = new Properties();
        try (InputStream in = GoferServer.class.getResourceAsStream("/gofer-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new JsonObject().put("semver", props.getProperty("semver", "unknown"))
                .put("commit", System.getenv().getOrDefault("GOFER_COMMIT", "unknown"));
    }

    /** The port the HTTP API actually listens on (useful when the settings asked for port 0). */
    public int port() {
        return port;
    }

    /** Stops the API and undeploys the verticles; containers still running are cleaned up by the next start. */
    public Future<Void> close() {
        Future<Void> chain = Future.succeededFuture();
        List<String> newestFirst = new ArrayList<>(deployments);
        java.util.Collections.reverse(newestFirst);
        for (String id : newestFirst) {
            chain = chain.compose(v -> vertx.undeploy(id)).recover(e -> Future.succeededFuture());
        }
        return chain.compose(v -> store.close()).onComplete(v -> {
            try {
                docker.close();
            } catch (IOException e) {
                LOG.debug("closing the Docker client", e);
            }
        });
    }
}
