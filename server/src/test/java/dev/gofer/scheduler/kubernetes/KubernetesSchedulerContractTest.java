package dev.gofer.scheduler.kubernetes;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerContract;
import dev.gofer.scheduler.docker.DockerScheduler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scheduler contract on Kubernetes: fabric8's mock API server (CRUD) with {@link TestKubelet} running the pods'
 * containers on the real Docker engine. Gofer's side (its fabric8 client on Gofer's Vert.x, the pod it asks for, how
 * it reads states, logs and exits) is real; the API server and kubelet are stand-ins.
 */
class KubernetesSchedulerContractTest extends SchedulerContract {
    static final String NAMESPACE = "gofer-test";
    /** Room for the test kubelet's own Docker start on a busy machine; the pull failure waits this long. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static Vertx vertx;
    private static DockerScheduler docker;
    private static TestKubelet kubelet;

    @BeforeAll
    static void cluster() throws Exception {
        GoferTestServer.requireDocker();
        vertx = Vertx.vertx();
        docker = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
        kubelet = new TestKubelet(docker, NAMESPACE);
        // loads fabric8's client and model classes once, so the first test's start wait does not pay for it
        try (KubernetesScheduler warm = new KubernetesScheduler(vertx, NAMESPACE, START_TIMEOUT, kubelet::config)) {
            warm.findByLabels(java.util.Map.of("gofer.test", "warm-up"));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        kubelet.close();
        docker.close();
        vertx.close().await();
    }

    @Override
    protected Scheduler create() {
        KubernetesScheduler s = new KubernetesScheduler(vertx, NAMESPACE, START_TIMEOUT, kubelet::config);
        return s;
    }

    @Override
    protected String printedSoFar(String id) {
        try {
            return kubelet.client().pods().inNamespace(NAMESPACE).withName(id).getLog();
        } catch (KubernetesClientException notStartedYet) {
            return "";
        }
    }
}
