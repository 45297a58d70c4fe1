package dev.gofer.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scrape is bounded: a part of the server that does not answer its sampler never holds the scrape. */
class ServerMetricsScrapeTest {
    @Test
    void aSamplerThatNeverAnswersLeavesItsFiguresAndTheScrapeAnswers(@TempDir Path dir) throws Exception {
        ServerMetrics metrics = ServerMetrics.of(ServerSettings.forDataDir(dir, 0).with("metrics_token", "t".repeat(32)));
        Vertx vertx = Vertx.vertx();
        try {
            boolean[] fastSampled = {false};
            metrics.sampleBeforeScrape(() -> Promise.<Void>promise().future()); // never completes
            metrics.sampleBeforeScrape(() -> {
                fastSampled[0] = true;
                return Future.succeededFuture();
            });
            metrics.recorder().eventSubscribers(1);
            long start = System.nanoTime();
            String text = metrics.scrape(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(text.contains("gofer_event_subscribers 1.0"), text);
            assertTrue(fastSampled[0], "the other sampler ran");
            assertTrue(waited < ServerMetrics.SAMPLE_BOUND.toMillis() + 5_000, "answered after the bound, not never: " + waited + " ms");
        } finally {
            vertx.close().await();
        }
    }
}
