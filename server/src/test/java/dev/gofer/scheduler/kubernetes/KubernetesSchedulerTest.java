package dev.gofer.scheduler.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerException;
import dev.gofer.scheduler.docker.DockerScheduler;
import dev.gofer.sdk.config.RegistryAuth;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only Kubernetes has: pull Secrets, evictions, unschedulable pods, and a cluster that does not answer. */
class KubernetesSchedulerTest {
    private static final String NS = "gofer-k8s-only";
    private static Vertx vertx;
    private static DockerScheduler docker;
    private static TestKubelet kubelet;
    private final String mark = UUID.randomUUID().toString().substring(0, 8);
    private KubernetesScheduler scheduler;

    @BeforeAll
    static void cluster() throws Exception {
        GoferTestServer.requireDocker();
        vertx = Vertx.vertx();
        docker = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
        kubelet = new TestKubelet(docker, NS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        kubelet.close();
        docker.close();
        vertx.close().await();
    }

    @AfterEach
    void cleanUp() throws Exception {
        kubelet.cordon(false);
        if (scheduler != null) {
            for (String id : scheduler.findByLabels(labels())) {
                scheduler.remove(id);
            }
            scheduler.close();
        }
    }

    private KubernetesScheduler scheduler(Duration startTimeout) {
        scheduler = new KubernetesScheduler(vertx, NS, startTimeout, kubelet::config);
        return scheduler;
    }

    private Map<String, String> labels() {
        return Map.of("gofer.test.mark", mark);
    }

    private ContainerSpec spec(String name, RegistryAuth auth, String... command) {
        return new ContainerSpec("gofer_k8s_" + mark + "_" + name, "busybox:latest", auth, false, null, List.of(command),
                Map.of(), labels());
    }

    @Test
    void registryAuthIsAPullSecretOwnedByThePodAndRemovedWithIt() throws Exception {
        String id = scheduler(Duration.ofSeconds(30)).start(spec("auth", new RegistryAuth("robot", "pull-pass-123"), "true"));
        var client = kubelet.client();
        Pod pod = client.pods().inNamespace(NS).withName(id).get();
        Secret secret = client.secrets().inNamespace(NS).withName(id + "-pull").get();
        assertEquals(id + "-pull", pod.getSpec().getImagePullSecrets().get(0).getName());
        assertEquals(pod.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid(),
                "the Secret lives and dies with its Pod");
        assertEquals(0, scheduler.waitForExit(id));
        scheduler.remove(id);
        assertNull(client.pods().inNamespace(NS).withName(id).get());
        assertNull(client.secrets().inNamespace(NS).withName(id + "-pull").get());
    }

    @Test
    void anEvictedPodFailsItsTaskWithTheClustersReason() throws Exception {
        String id = scheduler(Duration.ofSeconds(30)).start(spec("evicted", null, "sleep", "60"));
        kubelet.client().pods().inNamespace(NS).withName(id).waitUntilCondition(
                p -> PodState.of(p) instanceof PodState.Running, 30, java.util.concurrent.TimeUnit.SECONDS);
        kubelet.evict(NS, id);
        SchedulerException e = assertThrows(SchedulerException.class, () -> scheduler.waitForExit(id));
        assertTrue(e.getMessage().contains("Evicted: The node was low on resource: memory."), e.getMessage());
    }

    @Test
    void aPodNoNodeTakesFailsAfterTheStartTimeoutWithTheSchedulersMessage() throws Exception {
        kubelet.cordon(true);
        String id = scheduler(Duration.ofSeconds(1)).start(spec("unschedulable", null, "true"));
        SchedulerException e = assertThrows(SchedulerException.class, () -> scheduler.streamLogs(id, (err, b) -> { }));
        assertTrue(e.getMessage().contains("did not start within 1 s (setting kubernetes_start_timeout)"), e.getMessage());
        assertTrue(e.getMessage().contains("Unschedulable: 0/1 nodes are available"), e.getMessage());
    }

    @Test
    void withNoClusterTheProblemNamesTheUrlAndTheFixAndTasksFailSayingSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withRequestRetryBackoffLimit(0).build();
        try (KubernetesScheduler none = new KubernetesScheduler(vertx, "default", Duration.ofSeconds(1), () -> config)) {
            String problem = none.problem().orElseThrow();
            assertTrue(problem.startsWith("no Kubernetes API server answers at " + url), problem);
            assertTrue(problem.contains("KUBECONFIG"), problem);
            SchedulerException e = assertThrows(SchedulerException.class,
                    () -> none.start(spec("nocluster", new RegistryAuth("u", "hidden-pass"), "true")));
            assertTrue(e.getMessage().startsWith("no Kubernetes API server answers at " + url), e.getMessage());
            assertFalse(e.getMessage().contains("hidden-pass"));
        }
    }
}
