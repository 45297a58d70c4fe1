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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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

    private KubernetesOverhead() {
    }

    /** Milliseconds of each step of the floor's pod lifecycle. */
    record PodTrip(double createMs, double runMs, double logMs, double deleteMs) {
        double totalMs() {
            return createMs + runMs + logMs + deleteMs;
        }
    }

    static void run(Options options, Report report, String dockerHost) throws Exception {
        int reps = options.pick(10, 3);
        Vertx vertx = Vertx.vertx();
        Path kubeconfig = Files.createTempFile("gofer-bench-kubeconfig", ".yaml");
        try (DockerScheduler docker = new DockerScheduler(dockerHost, null);
             TestKubelet kubelet = new TestKubelet(docker, NAMESPACE);
             // the floor's client is built as Gofer's KubernetesScheduler builds its own: fabric8 on Vert.x 5
             KubernetesClient floor = new KubernetesClientBuilder().withConfig(kubelet.config())
                     .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build()) {
            Files.writeString(kubeconfig, kubeconfig(kubelet.config().getMasterUrl()));
            // found the standard way (KUBECONFIG), as a user outside the cluster would point Gofer at one
            Map<String, String> env = Map.of("GOFER_SCHEDULER", "kubernetes", "GOFER_KUBERNETES_NAMESPACE", NAMESPACE,
                    "KUBECONFIG", kubeconfig.toString());
            try (GoferProcess gofer = GoferProcess.start(options.jar(), options.jvmFlags(), env)) {
                gofer.bootstrap();
                try (EventStream events = new EventStream(gofer)) {
                    Context ctx = new Context(gofer, events, null, options, report);
                    ctx.deploy(PIPELINE, List.of(Context.task("t", "true")));
                    measure(ctx, floor, reps);
                }
            }
        } finally {
            Files.deleteIfExists(kubeconfig);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
        for (int i = 0; i < reps; i++) {
            // alternate which goes first, so neither always meets a freshly idle engine
            PodTrip trip = i % 2 == 1 ? podTrip(floor, "floor-" + i) : null;
            double g = ctx.timedRun(PIPELINE, TIMEOUT_SECONDS);
            if (trip == null) {
                trip = podTrip(floor, "floor-" + i);
            }
            gofer.add(g);
            raw.add(trip.totalMs());
            ratio.add(g / trip.totalMs());
            extra.add(g - trip.totalMs());
            steps.add(trip);
        }
        String label = "Single-task run on the Kubernetes scheduler against the API-server mock (Gofer's own overhead, not a cluster's)";
        ctx.report().add(Row.compared(label, Stats.of(gofer), Stats.of(raw), Stats.of(ratio), Unit.MS, Row.Target.none(),
                "fabric8 mock (CRUD) + test kubelet on Docker; POST run → completed_run vs fabric8 alone: create pod,"
                        + " wait for terminated, read log, delete"));
        ctx.report().add(Row.absolute("Gofer's time minus the floor per task, Kubernetes scheduler against the mock",
                Stats.of(extra), Unit.MS, Row.Target.none(), "per repetition, same pair as the row above"));
        ctx.report().section("""
                ### The floor of benchmark 13, step by step (medians, ms)

                Against fabric8's mock API server and the test kubelet, which runs the container on the local Docker
                engine: create pod %s, until the kubelet reports it terminated %s, read log %s, delete %s. These are
                a mock's and a stand-in kubelet's times, not a cluster's; only the difference to Gofer's figure is
                Gofer's own.
                """.formatted(f(steps, PodTrip::createMs), f(steps, PodTrip::runMs), f(steps, PodTrip::logMs),
                f(steps, PodTrip::deleteMs)));
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
        return String.format(Locale.ROOT, "%.0f", Stats.of(steps.stream().map(step::applyAsDouble).toList()).median());
    }
}
