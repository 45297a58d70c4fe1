package dev.gofer.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Where a request's time went inside the server during benchmark 6's windows, from the server's own metrics: with
 * {@code GOFER_BENCH_API_METRICS} set, benchmark 6's servers run with {@code GOFER_METRICS_TOKEN} (off otherwise: the
 * rows measure the server as users start it), {@code GET /metrics} is read before and after the windows, and the
 * difference says, per request on the run routes: the server's time (headers read to response written), and per
 * database pool: the wait for a connection and how long one was held; then the statements' own time and the
 * collector's pauses. What the clients measured beyond the server's time is the machine's (sockets, scheduling).
 */
final class ServerTimings {
    /** This benchmark's own metrics token (a throwaway server's). */
    static final String TOKEN = "bench-metrics-token-of-a-throwaway-server";

    private ServerTimings() {
    }

    static boolean enabled() {
        return System.getenv("GOFER_BENCH_API_METRICS") != null;
    }

    /** Settings for a benchmark-6 server: its metrics on when {@link #enabled()}. */
    static Map<String, String> serverEnv() {
        return enabled() ? Map.of("GOFER_METRICS_TOKEN", TOKEN) : Map.of();
    }

    /** One reading of {@code /metrics}: each sample's name with its labels, and its value. */
    record Scrape(Map<String, Double> samples) {
        static Scrape of(GoferProcess gofer) throws IOException, InterruptedException {
            HttpResponse<String> res = gofer.http.send(HttpRequest.newBuilder(gofer.uri("/metrics"))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            GoferProcess.expect(res, 200);
            return parse(res.body());
        }

        /** Prometheus text: {@code name{labels} value} lines; comments and anything unparsable are left out. */
        static Scrape parse(String text) {
            Map<String, Double> samples = new HashMap<>();
            for (String line : text.split("\n")) {
                int space = line.lastIndexOf(' ');
                if (line.startsWith("#") || space < 0) {
                    continue;
                }
                try {
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException notASample) {
                    // e.g. a timestamp column: not what is read here
                }
            }
            return new Scrape(samples);
        }

        double sum(Predicate<String> key) {
            return samples.entrySet().stream().filter(e -> key.test(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
        }
    }

    /** The difference between two scrapes, as one line of the report. */
    static String between(Scrape before, Scrape after) {
        Predicate<String> runRoutes = k -> k.contains("method=\"GET\"") && k.contains("/runs");
        StringBuilder out = new StringBuilder();
        Mean server = Mean.of(before, after, "vertx_http_server_response_time_seconds", runRoutes);
        out.append("`GET` on the run routes: ").append(server.describe("requests")).append(" in the server");
        TreeSet<String> pools = new TreeSet<>();
        after.samples().keySet().stream().filter(k -> k.startsWith("vertx_pool_queue_time_seconds_count{")
                && k.contains("pool_type=\"sql\"")).forEach(k -> pools.add(label(k, "pool_name")));
        for (String pool : pools) {
            Predicate<String> thisPool = k -> k.contains("pool_name=\"" + pool + "\"");
            out.append("; ").append(pool).append(": waiting for a connection ")
                    .append(Mean.of(before, after, "vertx_pool_queue_time_seconds", thisPool).describe("waits"))
                    .append(", held ").append(Mean.of(before, after, "vertx_pool_usage_seconds", thisPool).describe("uses"));
        }
        out.append("; statements ").append(Mean.of(before, after, "vertx_sql_processing_time_seconds", k -> true).describe(""));
        Mean gc = Mean.of(before, after, "jvm_gc_pause_seconds", k -> true);
        out.append("; collections: ").append(Math.round(gc.count())).append(", ").append(Unit.MS.format(gc.sumMs()))
                .append(" paused in all");
        List<String> full = after.samples().keySet().stream().filter(k -> k.startsWith("jvm_gc_pause_seconds_count{")
                && k.contains("major GC") && after.samples().get(k) > before.samples().getOrDefault(k, 0.0))
                .map(k -> label(k, "cause")).collect(Collectors.toList());
        if (!full.isEmpty()) {
            out.append(" (full: ").append(String.join(", ", full)).append(")");
        }
        return out.toString();
    }

    /** Count and total of a summary or histogram between two scrapes, over the samples {@code labels} picks. */
    record Mean(double count, double sumMs) {
        static Mean of(Scrape before, Scrape after, String metric, Predicate<String> labels) {
            Predicate<String> count = k -> k.startsWith(metric + "_count") && labels.test(k);
            Predicate<String> sum = k -> k.startsWith(metric + "_sum") && labels.test(k);
            return new Mean(after.sum(count) - before.sum(count), (after.sum(sum) - before.sum(sum)) * 1000);
        }

        String describe(String what) {
            String mean = count == 0 ? "–" : Unit.MS.format(sumMs / count);
            return "mean " + mean + " (" + Math.round(count) + (what.isEmpty() ? "" : " " + what) + ")";
        }
    }

    private static String label(String key, String name) {
        int at = key.indexOf(name + "=\"");
        if (at < 0) {
            return "?";
        }
        int from = at + name.length() + 2;
        return key.substring(from, key.indexOf('"', from));
    }
}
