package dev.gofer.scheduler.kubernetes;

import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.ExecSession;
import dev.gofer.scheduler.RootCause;
import dev.gofer.scheduler.Scheduler;
import dev.gofer.scheduler.SchedulerException;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link Scheduler} on a Kubernetes cluster through fabric8: a task is a Pod with one container named {@code task}
 * and restartPolicy Never; its "container id" is the pod's name. HTTP goes through Gofer's own Vert.x (fabric8's
 * Vert.x 5 client): every method here blocks on it, so callers run them on worker threads, never the event loop.
 */
public final class KubernetesScheduler implements Scheduler, Closeable {
    /** A finished task's pod is still there when waitForExit asks; this only bounds the wait for a deleted one to go. */
    private static final Duration GONE_WAIT = Duration.ofSeconds(60);
    private static final long FOREVER_DAYS = 365;
    private static final int MAX_RETRIES = 3;
    /** Between two reads of a log whose follow ended before the container did. */
    private static final Duration REOPEN_PAUSE = Duration.ofMillis(250);

    private final Vertx vertx;
    private final String configuredNamespace;
    private final Duration startTimeout;
    private final Supplier<Config> config;
    /** Made on first use, on a worker (reading kubeconfig and building the client is not free). */
    private volatile KubernetesClient client;
    private volatile String namespace;

    /**
     * @param namespace    empty = the namespace of Gofer's own pod (in the cluster), else the kubeconfig context's, else default
     * @param startTimeout how long a pod may stay Pending (pulling, unschedulable) before its task fails
     */
    public KubernetesScheduler(Vertx vertx, String namespace, Duration startTimeout) {
        // the standard search: in-cluster service account, else KUBECONFIG, else ~/.kube/config
        this(vertx, namespace, startTimeout, () -> Config.autoConfigure(null));
    }

    /** For a given cluster (tests: the mock server's config). */
    public KubernetesScheduler(Vertx vertx, String namespace, Duration startTimeout, Supplier<Config> config) {
        this.vertx = vertx;
        this.configuredNamespace = namespace == null ? "" : namespace.trim();
        this.startTimeout = startTimeout;
        this.config = config;
    }

    private KubernetesClient client() {
        KubernetesClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    Config cfg = config.get();
                    // fabric8 retries a refused connection 10 times with doubling pauses (minutes in all); a task
                    // should fail with scheduler_error within seconds when the API server is not there
                    cfg.setRequestRetryBackoffLimit(Math.min(cfg.getRequestRetryBackoffLimit(), MAX_RETRIES));
                    c = new KubernetesClientBuilder().withConfig(cfg).withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
                    String ns = !configuredNamespace.isEmpty() ? configuredNamespace
                            : cfg.getNamespace() != null && !cfg.getNamespace().isBlank() ? cfg.getNamespace() : "default";
                    namespace = ns;
                    client = c;
                }
            }
        }
        return c;
    }

    /** The namespace task pods run in. */
    public String namespace() {
        client();
        return namespace;
    }

    /** The API server URL the configuration points at (what a warning names). */
    public String apiUrl() {
        KubernetesClient c = client;
        try {
            return c != null ? c.getMasterUrl().toString() : config.get().getMasterUrl();
        } catch (RuntimeException e) {
            return "(no cluster configuration: " + e.getMessage() + ")";
        }
    }

    private NonNamespaceOperation<Pod, PodList, PodResource> pods() {
        return client().pods().inNamespace(namespace);
    }

    private Resource<Secret> pullSecret(String podName) {
        return client().secrets().inNamespace(namespace).withName(PodNames.pullSecretName(podName));
    }

    /** Empty when the API server answers and lets Gofer list pods; otherwise what is wrong and how to fix it. */
    @Override
    public Optional<String> problem() {
        try {
            pods().list(new ListOptionsBuilder().withLimit(1L).build());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
                return Optional.of("the Kubernetes API server at " + apiUrl() + " refused to list pods in namespace " + namespace
                        + " (" + e.getCode() + "): give Gofer's service account the Role in deploy/kubernetes/rbac.yaml");
            }
            return Optional.of(RootCause.isConnectionProblem(e) ? unreachable(e) : "the Kubernetes API server at " + apiUrl()
                    + " answered " + e.getCode() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of(unreachable(e));
        }
    }

    @Override
    public String start(ContainerSpec spec) throws SchedulerException {
        String name = PodNames.podName(spec.name());
        try {
            removeAndWait(name); // left over from an earlier attempt, as Docker's start removes by name
            boolean withSecret = spec.registryAuth() != null;
            if (withSecret) {
                client().secrets().inNamespace(namespace)
                        .resource(TaskPods.pullSecret(name, spec.image(), spec.registryAuth(), spec.labels())).create();
            }
            Pod created;
            try {
                created = pods().resource(TaskPods.pod(spec, name)).create();
            } catch (RuntimeException e) {
                if (withSecret) {
                    pullSecret(name).delete();
                }
                throw e;
            }
            if (withSecret) {
                // the Secret had to exist before the Pod (the kubelet pulls at once); now it may belong to it
                pullSecret(name).edit(s -> {
                    s.getMetadata().setOwnerReferences(List.of(TaskPods.ownedBy(created)));
                    return s;
                });
            }
            return name;
        } catch (RuntimeException e) {
            throw wrap("could not create pod " + name + " for image " + spec.image(), e);
        }
    }

    private void removeAndWait(String name) {
        boolean existed = !pods().withName(name).withGracePeriod(0).delete().isEmpty();
        releaseFinalizer(name);
        pullSecret(name).delete();
        if (existed) {
            pods().withName(name).waitUntilCondition(pod -> pod == null, GONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Nothing to start by hand: a pod's container starts as soon as the kubelet can. */
    @Override
    public void adopt(String containerId) {
    }

    /** Deletes the pod with this grace period: the kubelet sends SIGTERM, then SIGKILL once it has passed. */
    @Override
    public void stop(String containerId, Duration grace) throws SchedulerException {
        try {
            pods().withName(containerId).withGracePeriod(Math.max(0, grace.toSeconds())).delete();
        } catch (RuntimeException e) {
            throw wrap("could not stop pod " + containerId, e);
        }
    }

    @Override
    public int waitForExit(String containerId) throws SchedulerException {
        PodState state = await(containerId, PodState::finished, Duration.ofDays(FOREVER_DAYS));
        if (state instanceof PodState.Exited exited) {
            return exited.exitCode();
        }
        throw new SchedulerException("pod " + containerId + " ended without its task finishing: " + PodState.describe(state));
    }

    /**
     * Follows the pod's log from its start: stdout and stderr come interleaved in one stream (the log endpoint does
     * not tell them apart), so all of it is passed on as stdout. Waits first for the pod to leave Pending, and fails
     * with the cluster's reason (image pull error, unschedulable) when it does not within the start timeout. A follow
     * that ends while the container still runs (an API server or proxy timeout) is opened again, skipping the bytes
     * already passed on, so the output arrives once and whole.
     */
    @Override
    public void streamLogs(String containerId, LogSink sink) throws SchedulerException {
        PodState state = awaitStart(containerId);
        long passed = 0;
        while (true) {
            boolean ended = PodState.finished(state);
            passed = readLog(containerId, sink, passed);
            if (ended || passed < 0) {
                return;
            }
            state = awaitQuietly(containerId, REOPEN_PAUSE);
        }
    }

    /** Passes on the log past its first {@code skip} bytes; returns the log's length, or -1 when the pod is gone. */
    private long readLog(String name, LogSink sink, long skip) throws SchedulerException {
        long seen = 0;
        try (LogWatch watch = pods().withName(name).inContainer(TaskPods.CONTAINER).withReadyWaitTimeout(0).watchLog();
             InputStream in = watch.getOutput()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                long start = seen;
                seen += n;
                if (seen > skip) {
                    int from = (int) Math.max(0, skip - start);
                    sink.accept(false, Arrays.copyOfRange(buffer, from, n));
                }
            }
            return Math.max(seen, skip);
        } catch (IOException | RuntimeException e) {
            if (PodState.of(getOrNull(name)) instanceof PodState.Gone) {
                return -1; // deleted (stopped) while we read
            }
            throw wrap("could not read the log of pod " + name, e instanceof RuntimeException r ? r
                    : new KubernetesClientException(e.getMessage(), e));
        }
    }

    /** The pod's state once it has finished or {@code pause} has passed, whichever comes first. */
    private PodState awaitQuietly(String name, Duration pause) throws SchedulerException {
        try {
            return await(name, PodState::finished, pause);
        } catch (SchedulerException e) {
            if (e.getCause() instanceof KubernetesClientTimeoutException) {
                return PodState.of(getOrNull(name));
            }
            throw e;
        }
    }

    private PodState awaitStart(String name) throws SchedulerException {
        PodState state;
        try {
            state = await(name, PodState::started, startTimeout);
        } catch (SchedulerException e) {
            if (!(e.getCause() instanceof KubernetesClientTimeoutException)) {
                throw e;
            }
            state = PodState.of(getOrNull(name));
            if (PodState.started(state)) {
                return state;
            }
            throw new SchedulerException("pod " + name + " did not start within " + startTimeout.toSeconds()
                    + " s (setting kubernetes_start_timeout): " + PodState.describe(state));
        }
        if (state instanceof PodState.Pending pending) { // a reason no retry fixes
            throw new SchedulerException("pod " + name + " cannot start: " + PodState.describe(pending));
        }
        return state;
    }

    private PodState await(String name, Predicate<PodState> condition, Duration timeout) throws SchedulerException {
        try {
            Pod pod = pods().withName(name).waitUntilCondition(p -> condition.test(PodState.of(p)), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            return PodState.of(pod);
        } catch (KubernetesClientTimeoutException e) {
            throw new SchedulerException("timed out waiting for pod " + name, e);
        } catch (RuntimeException e) {
            throw wrap("lost track of pod " + name, e);
        }
    }

    private void releaseFinalizer(String name) {
        try {
            pods().withName(name).edit(p -> {
                p.getMetadata().setFinalizers(p.getMetadata().getFinalizers().stream()
                        .filter(f -> !f.equals(TaskPods.FINALIZER)).toList());
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private Pod getOrNull(String name) {
        try {
            return pods().withName(name).get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<String> findByLabels(Map<String, String> labels) throws SchedulerException {
        try {
            return pods().withLabels(PodNames.labels(labels)).list().getItems().stream()
                    .map(p -> p.getMetadata().getName()).toList();
        } catch (RuntimeException e) {
            throw wrap("could not list pods", e);
        }
    }

    /** The pod's IP, which other pods (and Gofer) reach it at; empty unless it runs. */
    @Override
    public Optional<String> address(String containerId) throws SchedulerException {
        try {
            PodState state = PodState.of(pods().withName(containerId).get());
            return state instanceof PodState.Running r && r.podIp() != null && !r.podIp().isEmpty()
                    ? Optional.of(r.podIp()) : Optional.empty();
        } catch (RuntimeException e) {
            throw wrap("could not read pod " + containerId, e);
        }
    }

    /**
     * Deletes the pod at once, lets it go (drops Gofer's finalizer) and deletes its pull Secret (also owned by the pod,
     * so the cluster would delete it too).
     */
    @Override
    public int exec(String containerId, List<String> command, ExecSession session) throws SchedulerException {
        throw new SchedulerException("attach is not supported on the kubernetes scheduler yet");
    }

    @Override
    public void remove(String containerId) throws SchedulerException {
        try {
            pods().withName(containerId).withGracePeriod(0).delete();
            releaseFinalizer(containerId);
            pullSecret(containerId).delete();
        } catch (RuntimeException e) {
            throw wrap("could not remove pod " + containerId, e);
        }
    }

    /**
     * The host pods reach Gofer at: {@code configured} (setting {@code extension_host}, in a cluster install the
     * Service's name) when set, else Gofer's own pod IP ({@link OwnAddress}).
     */
    @Override
    public String hostForContainers(String configured) {
        return configured != null && !configured.isBlank() ? configured.trim() : OwnAddress.get();
    }

    /** The kubelet pulls (and reports a failed pull on the pod): an image is never known missing beforehand. */
    @Override
    public boolean imageAvailable(String image) {
        return true;
    }

    private SchedulerException wrap(String what, RuntimeException e) {
        if (RootCause.isConnectionProblem(e)) {
            return new SchedulerException(unreachable(e), e);
        }
        return new SchedulerException(what + ": " + e.getMessage(), e);
    }

    private String unreachable(Throwable e) {
        return "no Kubernetes API server answers at " + apiUrl() + " (" + RootCause.of(e) + "). Run Gofer in the cluster with"
                + " a service account (deploy/kubernetes/), or point KUBECONFIG (or ~/.kube/config) at a cluster,"
                + " or set scheduler: docker";
    }

    @Override
    public void close() {
        KubernetesClient c;
        synchronized (this) {
            c = client;
        }
        if (c != null) {
            c.close();
        }
    }
}
