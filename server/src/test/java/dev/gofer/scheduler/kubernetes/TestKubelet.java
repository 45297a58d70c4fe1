package dev.gofer.scheduler.kubernetes;

import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerException;
import dev.gofer.scheduler.docker.DockerScheduler;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a node: fabric8's mock API server in CRUD mode, plus a kubelet that runs each new pod's container
 * on the real Docker engine and writes the pod's status the way a kubelet does (Pending, Running with a pod IP,
 * Succeeded/Failed with the container's exit code; ErrImagePull then ImagePullBackOff for an image it cannot get;
 * Unschedulable while cordoned; graceful deletion: SIGTERM, kill after the grace period, terminated state, then
 * the pod object goes). The CRUD mock has no log endpoint, so this serves {@code pods/<name>/log} from the
 * container's output (stdout and stderr merged, as the real endpoint does). Unlike a real one it answers a
 * {@code follow} request with the output so far: the mock cannot stream a response.
 * Public for bench/ (benchmark 13), which gets it in the server's test-jar.
 */
public final class TestKubelet implements AutoCloseable {
    private static final Pattern POD_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)(/log)?(\\?.*)?");
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final DockerScheduler docker;
    private final String mark;
    private final Map<String, Running> pods = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Watch watch;
    private volatile boolean cordoned;

    /** One pod's container on the engine and its output so far. */
    private static final class Running {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final String uid;
        volatile String containerId;
        volatile boolean started;
        volatile boolean terminating;
        volatile boolean evicted;

        Running(String uid) {
            this.uid = uid;
        }
    }

    public TestKubelet(DockerScheduler docker, String namespace) throws SchedulerException {
        this.docker = docker;
        this.mark = Long.toHexString(System.nanoTime());
        docker.findByLabels(Map.of("gofer.test.kubelet", mark)); // builds the engine client now, not in the first test
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Front(), false);
        server.init();
        client = server.createClient();
        watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                threads.submit(() -> onEvent(action, pod));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** The cluster configuration Gofer's scheduler gets: the mock's URL, as a kubeconfig would give it. */
    public Config config() {
        return client.getConfiguration();
    }

    public KubernetesClient client() {
        return client;
    }

    /** While cordoned, new pods stay Pending as Unschedulable, as with no node that fits. */
    void cordon(boolean on) {
        cordoned = on;
    }

    /** What the node does under memory pressure: kills the container and fails the pod as Evicted. */
    void evict(String namespace, String podName) throws SchedulerException {
        Running r = pods.get(podName);
        if (r != null && r.containerId != null) {
            r.evicted = true; // the eviction writes the pod's end, not the container's exit
            docker.remove(r.containerId);
        }
        client.pods().inNamespace(namespace).withName(podName).editStatus(p -> {
            p.setStatus(new PodStatusBuilder(p.getStatus()).withPhase("Failed").withReason("Evicted")
                    .withMessage("The node was low on resource: memory.").build());
            return p;
        });
    }

    private void onEvent(Watcher.Action action, Pod pod) {
        try {
            String name = pod.getMetadata().getName();
            Running known = pods.get(name);
            if (action == Watcher.Action.ADDED && (known == null || !known.uid.equals(pod.getMetadata().getUid()))) {
                pods.put(name, new Running(pod.getMetadata().getUid()));
                run(pod);
            } else if (action == Watcher.Action.MODIFIED && pod.getMetadata().getDeletionTimestamp() != null) {
                terminate(pod);
            } else if (action == Watcher.Action.DELETED && known != null && known.containerId != null) {
                // the output stays served: it stands in for the live follow stream the mock cannot give
                docker.remove(known.containerId);
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private void run(Pod pod) throws SchedulerException {
        String name = pod.getMetadata().getName();
        var container = pod.getSpec().getContainers().get(0);
        if (cordoned) {
            status(pod, new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                    .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/1 nodes are available: 1 node(s) were unschedulable.").build()).build());
            return;
        }
        status(pod, waiting("ContainerCreating", ""));
        if (!docker.imageAvailable(container.getImage())) {
            String why = "Failed to pull image \"" + container.getImage() + "\": no such image or registry";
            status(pod, waiting("ErrImagePull", why));
            status(pod, waiting("ImagePullBackOff", "Back-off pulling image \"" + container.getImage() + "\""));
            return;
        }
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : container.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        List<String> entrypoint = container.getCommand() == null || container.getCommand().isEmpty() ? null : container.getCommand();
        List<String> command = container.getArgs() == null || container.getArgs().isEmpty() ? null : container.getArgs();
        String id = docker.start(new ContainerSpec("gofer-kubelet-" + mark + "-" + name, container.getImage(), null, false,
                entrypoint, command, env, Map.of("gofer.test.kubelet", mark)));
        Running r = pods.get(name);
        r.containerId = id;
        // the log is served from now on: before the Running status, which is what tells a client to ask for it
        r.started = true;
        String ip = docker.address(id).orElse("");
        status(pod, new PodStatusBuilder().withPhase("Running").withPodIP(ip).withContainerStatuses(new ContainerStatusBuilder()
                .withName(TaskPods.CONTAINER).withState(new ContainerStateBuilder().withNewRunning()
                        .withStartedAt(Instant.now().toString()).endRunning().build()).build()).build());
        docker.streamLogs(id, (stderr, bytes) -> {
            synchronized (r.output) {
                r.output.writeBytes(bytes);
            }
        });
        int code = docker.waitForExit(id);
        if (r.evicted) {
            return;
        }
        status(pod, new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed").withPodIP(ip)
                .withContainerStatuses(new ContainerStatusBuilder().withName(TaskPods.CONTAINER)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(code)
                                .withReason(code == 0 ? "Completed" : "Error").endTerminated().build()).build()).build());
        Pod now = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (now != null && now.getMetadata().getDeletionTimestamp() != null) {
            // graceful deletion ends once the containers have: now the object goes
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name).withGracePeriod(0).delete();
        }
    }

    /** Graceful deletion: SIGTERM now, SIGKILL once the grace period has passed (run() then writes the exit). */
    private void terminate(Pod pod) throws SchedulerException {
        Running r = pods.get(pod.getMetadata().getName());
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (r != null && r.terminating) {
            return;
        }
        if (r != null) {
            r.terminating = true;
        }
        if (r == null || r.containerId == null) {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
            return;
        }
        docker.stop(r.containerId, java.time.Duration.ofSeconds(grace == null ? 30 : grace));
    }

    private static PodStatus waiting(String reason, String message) {
        return new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName(TaskPods.CONTAINER).withState(new ContainerStateBuilder().withNewWaiting()
                        .withReason(reason).withMessage(message).endWaiting().build()).build()).build();
    }

    private void status(Pod pod, PodStatus status) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.setStatus(status);
            return p;
        });
    }

    /** The mock's front door: the CRUD store, except for pod logs and graceful pod deletion, which a kubelet does. */
    private final class Front extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            Matcher m = POD_PATH.matcher(request.getPath());
            if (m.matches() && m.group(3) != null && request.method() == HttpMethod.GET) {
                return log(m.group(2));
            }
            if (m.matches() && m.group(3) == null && request.method() == HttpMethod.DELETE) {
                long grace = gracePeriod(request);
                if (grace > 0) {
                    return markDeleted(request, m.group(1), m.group(2), grace);
                }
            }
            MockResponse response = crud.dispatch(request);
            if (response.getWebSocketListener() != null) {
                response.withWebSocketUpgrade(new ClosedOffTheEventLoop(response.getWebSocketListener()));
            }
            return response;
        }

        private MockResponse log(String podName) {
            Running r = pods.get(podName);
            if (r == null) {
                return new MockResponse().setResponseCode(404).setBody("pods \"" + podName + "\" not found");
            }
            if (!r.started) {
                return new MockResponse().setResponseCode(400)
                        .setBody("container \"task\" in pod \"" + podName + "\" is waiting to start: ContainerCreating");
            }
            synchronized (r.output) {
                return new MockResponse().setResponseCode(200).setBody(r.output.toByteArray());
            }
        }

        private long gracePeriod(RecordedRequest request) {
            String body = request.getUtf8Body();
            if (body == null || body.isBlank()) {
                return 30;
            }
            Long grace = new JsonObject(body).getLong("gracePeriodSeconds");
            return grace == null ? 30 : grace;
        }

        /** What the API server does with a graceful delete: marks the pod; the kubelet stops it, then it goes. */
        private MockResponse markDeleted(RecordedRequest request, String namespace, String name, long grace) {
            String path = "/api/v1/namespaces/" + namespace + "/pods/" + name;
            MockResponse current = crud.handleGet(path);
            if (current.code() != 200) {
                return current;
            }
            JsonObject pod = new JsonObject(new String(current.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
            JsonObject meta = pod.getJsonObject("metadata");
            if (meta.getString("deletionTimestamp") == null) {
                meta.put("deletionTimestamp", Instant.now().toString()).put("deletionGracePeriodSeconds", grace);
                crud.handleUpdate(new RecordedRequest("HTTP/1.1", HttpMethod.PUT, path, request.getHeaders(),
                        new Buffer(pod.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            return crud.handleGet(path);
        }
    }

    /**
     * A watch's listener (every handler passed on) whose close and failure handlers run on the kubelet's threads, not the mock's event loop.
     * fabric8's mock (8.0.0) waits there for the watch's sender thread to finish, while that thread may be waiting
     * (up to 30 s) for the event loop to write an event to the closing watch: when a client closed a watch while an
     * event for it was on its way, every request on that event loop stalled for 30 s (CI: a pod GET timed out).
     */
    private final class ClosedOffTheEventLoop extends WebSocketListener {
        private final WebSocketListener watch;

        ClosedOffTheEventLoop(WebSocketListener watch) {
            this.watch = watch;
        }

        @Override
        public void onBeforeAccept(WebSocket ws, Response response) {
            watch.onBeforeAccept(ws, response);
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            watch.onOpen(ws, response);
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            watch.onMessage(ws, text);
        }

        @Override
        public void onMessage(WebSocket ws, ByteString bytes) {
            watch.onMessage(ws, bytes);
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            watch.onMessage(ws, bytes);
        }

        @Override
        public void onPing(WebSocket ws, byte[] payload) {
            watch.onPing(ws, payload);
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            watch.onClosing(ws, code, reason);
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            stopSending();
            threads.submit(() -> watch.onClosed(ws, code, reason));
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            stopSending();
            threads.submit(() -> watch.onFailure(ws, t, response));
        }

        /**
         * The mock's listener shuts its sender down before it leaves the dispatcher's watch list; an event for it in
         * between throws on the event loop and the write that caused it is never answered (CI: a pod DELETE timed
         * out). Marked not open, the listener queues such events instead; the mock has no method for it (8.0.0).
         */
        private void stopSending() {
            try {
                Field lock = watch.getClass().getDeclaredField("sendLock");
                Field open = watch.getClass().getDeclaredField("open");
                lock.setAccessible(true);
                open.setAccessible(true);
                synchronized (lock.get(watch)) {
                    open.setBoolean(watch, false);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("fabric8's mock watch listener changed: " + e, e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        watch.close();
        for (String id : docker.findByLabels(Map.of("gofer.test.kubelet", mark))) {
            docker.remove(id);
        }
        threads.shutdownNow();
        client.close();
        server.destroy();
    }
}
