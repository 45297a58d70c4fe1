package dev.gofer.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The floor: what the same containers cost through docker-java alone, with the client built the way the
 * server's DockerScheduler builds it. Every container made here carries the label {@code gofer-bench=<this process's
 * pid>}: benchmarks of other checkouts sharing the engine clean up their own containers, never these.
 */
final class Floor implements Closeable {
    static final String IMAGE = "busybox:latest";
    static final Map<String, String> LABEL = Map.of("gofer-bench", Long.toString(ProcessHandle.current().pid()));

    private final DockerClient docker;

    Floor(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(512)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        docker = DockerClientImpl.getInstance(config, http);
    }

    DockerClient docker() {
        return docker;
    }

    /** Milliseconds of each step of one raw container round trip, and the container it was. */
    record RoundTrip(String containerId, double createMs, double startMs, double waitMs, double removeMs) {
        double totalMs() {
            return createMs + startMs + waitMs + removeMs;
        }
    }

    /** create + start + wait + remove, the least any runner must do for one task. */
    RoundTrip roundTrip(String... command) {
        long t0 = System.nanoTime();
        String id = docker.createContainerCmd(IMAGE).withCmd(command).withLabels(LABEL).exec().getId();
        long t1 = System.nanoTime();
        docker.startContainerCmd(id).exec();
        long t2 = System.nanoTime();
        Integer code = docker.waitContainerCmd(id).start().awaitStatusCode();
        long t3 = System.nanoTime();
        docker.removeContainerCmd(id).withForce(true).exec();
        long t4 = System.nanoTime();
        if (code == null || code != 0) {
            throw new IllegalStateException("floor container " + String.join(" ", command) + " exited " + code);
        }
        return new RoundTrip(id, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3));
    }

    /** {@code count} round trips with at most {@code concurrency} in flight; returns the wall time in ms. */
    double roundTrips(int count, int concurrency, String... command) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long t0 = System.nanoTime();
            List<Future<RoundTrip>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(pool.submit(() -> roundTrip(command)));
            }
            for (Future<RoundTrip> f : all) {
                f.get();
            }
            return ms(System.nanoTime() - t0);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Follows a container's output from its start; each frame's payload goes to {@code sink} as it arrives. */
    Closeable follow(String containerId, Consumer<byte[]> sink) {
        return docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        sink.accept(frame.getPayload());
                    }
                });
    }

    List<String> find(Map<String, String> labels) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                .map(Container::getId).toList();
    }

    /** The running containers carrying these labels. */
    List<String> findRunning(Map<String, String> labels) {
        return docker.listContainersCmd().withLabelFilter(labels).withStatusFilter(List.of("running")).exec().stream()
                .map(Container::getId).toList();
    }

    /** How many containers carrying these labels are running. */
    int running(Map<String, String> labels) {
        return docker.listContainersCmd().withLabelFilter(labels).withStatusFilter(List.of("running")).exec().size();
    }

    /** Force-removes every container carrying these labels; returns how many there were. */
    int removeAll(Map<String, String> labels) {
        List<String> ids = find(labels);
        for (String id : ids) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed meanwhile (by Gofer itself)
            }
        }
        return ids.size();
    }

    String serverVersion() {
        var v = docker.versionCmd().exec();
        return v.getVersion() + " (API " + v.getApiVersion() + ")";
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
