package dev.gofer.bench;

import dev.gofer.scheduler.docker.DockerScheduler;
import dev.gofer.scheduler.kubernetes.TestKubelet;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * 13. One busybox {@code true} task on {@code scheduler: kubernetes}, against fabric8's mock API server (CRUD) and
 * the server tests' {@link TestKubelet}, which runs each pod's container on the local Docker engine and writes its
 * status. The floor is the same pod lifecycle driven by the fabric8 client alone, against the same mock and kubelet:
 * create the pod, wait until the kubelet reports its container terminated, read its log, delete it. What is left
 * between the two is Gofer's own overhead per task on this scheduler; no figure here says anything about a real
 * API server, kubelet, network or image pull (docs/schedulers.md).
 */
final class KubernetesOverhead {
    private static final String PIPELINE = "single-k8s";
    private static final String NAMESPACE = "gofer-bench";
    private static final long TIMEOUT_SECONDS = 120;
    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger QUIET_MOCK = Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesOverhead() {
    }

    /** Milliseconds of each step of the floor's pod lifecycle. */
    record PodTrip(double createMs, double runMs, double logMs, double deleteMs) {
        double totalMs() {
            return createMs + runMs + logMs + deleteMs;
        }
    }

    static void run(Options options, Report report, String dockerHost) throws Exception {
        QUIET_MOCK.setLevel(Level.WARNING); // it logs every request at INFO
        int reps = options.pick(10, 3);
        Vertx vertx = Vertx.vertx();
        Path kubeconfig = Files.createTempFile("gofer-bench-kubeconfig", ".yaml");
        Deque<AutoCloseable> open = new ArrayDeque<>();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeAll = () -> close(open, closed);
        Thread cleanup = new Thread(closeAll);
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C leaves no process or kubelet container behind
        try {
            DockerScheduler docker = opened(open, new DockerScheduler(dockerHost, null));
            TestKubelet kubelet = opened(open, new TestKubelet(docker, NAMESPACE));
            // the floor's client is built as Gofer's KubernetesScheduler builds its own: fabric8 on Vert.x 5
            KubernetesClient floor = opened(open, new KubernetesClientBuilder().withConfig(kubelet.config())
                    .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build());
            Files.writeString(kubeconfig, kubeconfig(kubelet.config().getMasterUrl()));
            // found the standard way (KUBECONFIG), as a user outside the cluster would point Gofer at one
            Map<String, String> env = Map.of("GOFER_SCHEDULER", "kubernetes", "GOFER_KUBERNETES_NAMESPACE", NAMESPACE,
                    "KUBECONFIG", kubeconfig.toString());
            GoferProcess gofer = opened(open, GoferProcess.start(options.jar(), options.jvmFlags(), env));
            gofer.bootstrap();
            EventStream events = opened(open, new EventStream(gofer));
            Context ctx = new Context(gofer, events, null, options, report);
            ctx.deploy(PIPELINE, List.of(Context.task("t", "true")));
            measure(ctx, floor, reps);
        } finally {
            closeAll.run();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            Files.deleteIfExists(kubeconfig);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> open, T resource) {
        open.push(resource);
        return resource;
    }

    /** Last opened first (the server before the kubelet, which removes its containers); once. */
    private static void close(Deque<AutoCloseable> open, AtomicBoolean closed) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("cleanup failed: " + e);
            }
        }
    }

    private static void measure(Context ctx, KubernetesClient floor, int reps) throws Exception {
        // warm-up, unmeasured: both JITs and fabric8's model classes on both sides
        for (int i = 0; i < 2; i++) {
            ctx.timedRun(PIPELINE, TIMEOUT_SECONDS);
            podTrip(floor, "warm-" + i);
        }
        List<Double> gofer = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> extra = new ArrayList<>();
        List<PodTrip> steps = new ArrayList<>();
        TaskPhases phases = new TaskPhases();
        for (int i = 0; i < reps; i++) {
            // alternate which goes first, so neither always meets a freshly idle engine
            PodTrip trip = i % 2 == 1 ? podTrip(floor, "floor-" + i) : null;
            long postEpoch = System.currentTimeMillis();
            long t0 = System.nanoTime();
            long run = ctx.gofer().startRun(PIPELINE);
            double g = Floor.ms(ctx.events().awaitSuccess(PIPELINE, run, TIMEOUT_SECONDS) - t0);
            if (trip == null) {
                trip = podTrip(floor, "floor-" + i);
            }
            gofer.add(g);
            raw.add(trip.totalMs());
            ratio.add(g / trip.totalMs());
            extra.add(g - trip.totalMs());
            steps.add(trip);
            phases.add(ctx.gofer(), PIPELINE, run, postEpoch, g);
        }
        String label = "Single-task run on the Kubernetes scheduler against the API-server mock (Gofer's own overhead, not a cluster's)";
        ctx.report().add(Row.compared(label, Stats.of(gofer), Stats.of(raw), Stats.of(ratio), Unit.MS, Row.Target.none(),
                "fabric8 mock (CRUD) + test kubelet on Docker; POST run → completed_run vs fabric8 alone: create pod,"
                        + " wait for terminated, read log, delete"));
        ctx.report().add(Row.absolute("Gofer's time minus the floor per task, Kubernetes scheduler against the mock",
                Stats.of(extra), Unit.MS, Row.Target.none(), "per repetition, same pair as the row above"));
        ctx.report().section("""
                ### Where one run's time goes on the Kubernetes scheduler against the mock (benchmark 13, medians)

                fabric8's mock API server and the test kubelet, which runs the container on the local Docker engine:
                these are a mock's and a stand-in kubelet's times, not a cluster's. Only the difference between the
                two totals is Gofer's own.

                | Gofer | ms | fabric8 alone | ms |
                |---|---|---|---|
                | POST → task running (API, store, event, pod created) | %s | create pod | %s |
                | task running → task complete (kubelet starts the container, it runs; log read, exit read from the pod, stored) | %s | watch until terminated | %s |
                | task complete → run complete seen (DAG, store, event over SSE) | %s | read log | %s |
                | | | delete pod | %s |
                """.formatted(median(phases.beforeStart), f(steps, PodTrip::createMs), median(phases.running), f(steps, PodTrip::runMs),
                median(phases.afterExit), f(steps, PodTrip::logMs), f(steps, PodTrip::deleteMs)));
    }

    /** The least any runner does for one task on Kubernetes: the same pod Gofer asks for, minus its labels. */
    private static PodTrip podTrip(KubernetesClient client, String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(Floor.LABEL).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                .addNewContainer().withName("task").withImage(Floor.IMAGE).withArgs("true").endContainer()
                .endSpec().build();
        PodResource resource = client.pods().inNamespace(NAMESPACE).withName(name);
        long t0 = System.nanoTime();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
        long t1 = System.nanoTime();
        Pod done = resource.waitUntilCondition(KubernetesOverhead::terminated, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long t2 = System.nanoTime();
        resource.getLog();
        long t3 = System.nanoTime();
        resource.withGracePeriod(0).delete();
        long t4 = System.nanoTime();
        int code = done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode();
        if (code != 0) {
            throw new IllegalStateException("floor pod " + name + " exited " + code);
        }
        return new PodTrip(Floor.ms(t1 - t0), Floor.ms(t2 - t1), Floor.ms(t3 - t2), Floor.ms(t4 - t3));
    }

    private static boolean terminated(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                .anyMatch(s -> s != null && s.getTerminated() != null);
    }

    /** A kubeconfig for the mock: plain HTTP, no credentials (the mock checks none). */
    static String kubeconfig(String masterUrl) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: bench
                    namespace: %s
                current-context: mock
                users:
                - name: bench
                  user: {}
                """.formatted(masterUrl, NAMESPACE);
    }

    private static String f(List<PodTrip> steps, ToDoubleFunction<PodTrip> step) {
        return median(steps.stream().map(step::applyAsDouble).toList());
    }

    private static String median(List<Double> values) {
        return String.format(Locale.ROOT, "%.0f", Stats.of(values).median());
    }
}
