package dev.gofer.metrics;

import dev.gofer.config.ServerSettings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The metrics of one server, or none ({@code metrics_token} empty). Built before the server's {@link Vertx}: Vert.x
 * reports its HTTP server requests, pool waits and the JVM's figures only to a Vertx created with them
 * ({@link #newVertx()}); Gofer's own figures go through {@link #recorder()}. Both land in one Prometheus registry.
 */
public final class ServerMetrics {
    /** What {@code GET /metrics} answers with: Prometheus text exposition 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Methods kept as they are in the method label; any other (a client may send any token) is counted as OTHER. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] RESPONSE_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** How long a scrape waits for each sampler (Prometheus' own scrape timeout is 10 s by default). */
    static final Duration SAMPLE_BOUND = Duration.ofSeconds(2);

    private final PrometheusMeterRegistry registry;
    private final GoferMetrics recorder;
    private final byte[] tokenHash;
    private final List<Supplier<Future<Void>>> samplers = new CopyOnWriteArrayList<>();

    private ServerMetrics(PrometheusMeterRegistry registry, String token) {
        this.registry = registry;
        this.recorder = registry == null ? GoferMetrics.none() : new MicrometerGoferMetrics(registry);
        this.tokenHash = token.isEmpty() ? null : sha256(token);
    }

    /** Metrics on when the settings give a {@code metrics_token}. */
    public static ServerMetrics of(ServerSettings settings) {
        String token = settings.metricsToken();
        return token.isEmpty() ? off() : new ServerMetrics(registry(), token);
    }

    public static ServerMetrics off() {
        return new ServerMetrics(null, "");
    }

    private static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(MeterFilter.replaceTagValues(Label.HTTP_METHOD.toString(), m -> METHODS.contains(m) ? m : "OTHER"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                        return id.getName().equals("vertx.http.server.response.time")
                                ? DistributionStatisticConfig.builder().serviceLevelObjectives(nanos(RESPONSE_BUCKETS)).build().merge(config)
                                : config;
                    }
                });
        return registry;
    }

    public boolean enabled() {
        return registry != null;
    }

    /**
     * A Vertx that reports HTTP requests (labelled by route template, method and status code, never by raw path),
     * pools and JVM figures here; a plain one when metrics are off. Event-bus metrics stay off: log followers
     * listen on one address per task, which would make a label value per task.
     */
    public Vertx newVertx() {
        if (!enabled()) {
            return Vertx.vertx();
        }
        MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                // the backend registries are shared per JVM by name: each server keeps its own
                .setRegistryName("gofer-" + UUID.randomUUID())
                .addLabels(Label.HTTP_ROUTE)
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    /** Where the server's parts record what they do. */
    public GoferMetrics recorder() {
        return recorder;
    }

    /** Runs before each scrape, for figures read from their owner rather than recorded as they change. */
    public void sampleBeforeScrape(Supplier<Future<Void>> sampler) {
        samplers.add(sampler);
    }

    /** True when {@code authorization} is {@code Bearer <metrics_token>}; compared in constant time. */
    public boolean admits(String authorization) {
        if (tokenHash == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash, sha256(authorization.substring(7).trim()));
    }

    /**
     * The registry in Prometheus text, after the samplers ran. A sampler that fails, or has not answered within
     * {@link #SAMPLE_BOUND}, leaves its figures as they were: a scrape never waits on a busy part of the server.
     */
    public Future<String> scrape(Vertx vertx) {
        if (!enabled()) {
            return Future.failedFuture(new IllegalStateException("metrics are off"));
        }
        return Future.join(samplers.stream().map(s -> s.get().timeout(SAMPLE_BOUND.toMillis(), TimeUnit.MILLISECONDS))
                        .toList())
                .transform(sampled -> vertx.executeBlocking(registry::scrape, false));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] nanos(Duration[] durations) {
        double[] out = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            out[i] = durations[i].toNanos();
        }
        return out;
    }
}
