package dev.gofer.scheduler.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gofer.config.ServerSettings;
import dev.gofer.it.GoferTestServer;
import dev.gofer.scheduler.docker.DockerScheduler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The stand-in cluster itself: it must not stall, or the Kubernetes tests fail for reasons of their own. */
class TestKubeletTest {
    private static final String NS = "gofer-kubelet-self";

    /**
     * Closing a watch while events for it are on their way once stalled one of the mock's event loops for 30 s
     * (fabric8's mock waits there for the watch's sender, which waits for that event loop): a pod GET in CI timed out.
     */
    @Test
    void watchesClosedWhileEventsFlowDoNotStallTheApiServer() throws Exception {
        GoferTestServer.requireDocker();
        try (DockerScheduler docker = new DockerScheduler(ServerSettings.fromJson(new JsonObject()).dockerHost(), null);
                TestKubelet kubelet = new TestKubelet(docker, NS);
                KubernetesClient quick = new KubernetesClientBuilder().withConfig(kubelet.config()).editOrNewConfig()
                        .withRequestTimeout(3_000).withRequestRetryBackoffLimit(0).endConfig().build()) {
            var maps = kubelet.client().configMaps().inNamespace(NS);
            maps.resource(new ConfigMapBuilder().withNewMetadata().withName("busy").endMetadata()
                    .addToData("n", "0").build()).create();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> writeFailed = new AtomicReference<>();
            var writes = quick.configMaps().inNamespace(NS);
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 1; writing.get(); n++) {
                        String value = Integer.toString(n);
                        writes.withName("busy").edit(m -> new ConfigMapBuilder(m).addToData("n", value).build());
                    }
                } catch (Throwable e) {
                    writeFailed.set(e);
                }
            });
            writer.start();
            try {
                for (int i = 0; i < 40 && writeFailed.get() == null; i++) {
                    Watch watch = quick.configMaps().inNamespace(NS).watch(new Watcher<ConfigMap>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    });
                    watch.close();
                    // times out (3 s, no retries) when the close stalled the event loop this connection is on
                    assertEquals("busy", quick.configMaps().inNamespace(NS).withName("busy").get().getMetadata().getName(),
                            "answered after closing watch " + i);
                }
            } finally {
                writing.set(false);
                writer.join();
                maps.withName("busy").delete();
            }
            // a write whose event reached a watch being closed once got no answer (CI: a pod DELETE timed out)
            assertNull(writeFailed.get(), () -> "a write failed while watches closed: " + writeFailed.get());
        }
    }
}
