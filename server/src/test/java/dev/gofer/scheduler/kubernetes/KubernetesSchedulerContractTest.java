package dev.gofer.scheduler.kubernetes;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerContract;
import dev.gofer.scheduler.docker.DockerScheduler;
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
    private static Vertx vertx;
    private static DockerScheduler docker;
    private static TestKubelet kubelet;

    @BeforeAll
    static void cluster() {
        GoferTestServer.requireDocker();
        vertx = Vertx.vertx();
        docker = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
        kubelet = new TestKubelet(docker, NAMESPACE);
    }

    @AfterAll
    static void tearDown() throws Exception {
        kubelet.close();
        docker.close();
        vertx.close().await();
    }

    @Override
    protected Scheduler create() {
        KubernetesScheduler s = new KubernetesScheduler(vertx, NAMESPACE, Duration.ofSeconds(2), kubelet::config);
        return s;
    }

    @Override
    protected String printedSoFar(String id) {
        return kubelet.client().pods().inNamespace(NAMESPACE).withName(id).getLog();
    }
}
