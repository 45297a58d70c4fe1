package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * 12. Event stream delivery: {@link #SUBSCRIBERS} clients follow {@code GET /api/events} while many one-task runs
 * start at once. Each event's delivery latency at each subscriber = the moment its {@code data:} line arrived (wall
 * clock, microseconds) minus the event's own {@code emitted} (epoch milliseconds, taken as the event is written in
 * its transaction; so the latency includes the commit). Every subscriber must receive every stored event of those
 * runs: compared by id with the stored log replayed afterwards ({@code history=true&follow=false}).
 */
final class EventDelivery {
    static final String PIPELINE = "events-many";
    private static final int SUBSCRIBERS = 10;

    static void deploy(Context ctx) throws Exception {
        ctx.deploy(PIPELINE, List.of(Context.task("t", "true")));
    }

    /** One event as a subscriber saw it. */
    record Delivery(String id, double latencyMs) {
    }

    static void run(Context ctx) throws Exception {
        int runs = ctx.options().pick(200, 50);
        int reps = ctx.options().pick(2, 1);
        List<Double> p99s = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        List<Double> firsts = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            List<Subscriber> subscribers = new ArrayList<>();
            try {
                for (int s = 0; s < SUBSCRIBERS; s++) {
                    subscribers.add(new Subscriber(ctx.gofer()));
                }
                List<Long> ids = Drain.startAll(ctx, PIPELINE, runs);
                for (long id : ids) {
                    ctx.events().completion(PIPELINE, id).get(600, TimeUnit.SECONDS);
                }
                Set<String> stored = storedIds(ctx.gofer(), ids);
                awaitAll(subscribers, stored, 10_000);
                List<Double> all = new ArrayList<>();
                Map<String, Double> first = new HashMap<>();
                int complete = 0;
                long missing = 0;
                for (Subscriber s : subscribers) {
                    Map<String, Delivery> got = s.deliveries();
                    long lost = stored.stream().filter(id -> !got.containsKey(id)).count();
                    missing += lost;
                    complete += lost == 0 ? 1 : 0;
                    for (String id : stored) {
                        Delivery d = got.get(id);
                        if (d != null) {
                            all.add(d.latencyMs());
                            first.merge(id, d.latencyMs(), Math::min);
                        }
                    }
                }
                firsts.addAll(first.values());
                for (Subscriber s : subscribers) {
                    s.deliveries().forEach((id, d) -> {
                        if (first.containsKey(id)) {
                            spreads.add(d.latencyMs() - first.get(id));
                        }
                    });
                }
                Stats latency = Stats.of(all);
                p99s.add(latency.percentile(99));
                p50s.add(latency.percentile(50));
                checks.add(complete + "/" + SUBSCRIBERS + " subscribers got all " + stored.size() + " events"
                        + (missing == 0 ? "" : " (**" + missing + " deliveries missing**)"));
            } finally {
                subscribers.forEach(Subscriber::close);
            }
        }
        Stats spread = Stats.of(spreads);
        ctx.report().add(Row.absolute("Event stream: " + SUBSCRIBERS + " SSE subscribers, " + runs + " runs at once, delivery p99",
                Stats.of(p99s), Unit.MS, Row.Target.below(100, Unit.MS),
                "arrival − the event's `emitted` (includes the commit); p50 " + Unit.MS.format(Stats.of(p50s).median())
                        + "; " + String.join("; ", checks) + "; at the first subscriber to get it: p50 "
                        + Unit.MS.format(Stats.of(firsts).percentile(50)) + ", p99 " + Unit.MS.format(Stats.of(firsts).percentile(99))
                        + "; the others behind the first: p50 "
                        + Unit.MS.format(spread.percentile(50)) + ", p99 " + Unit.MS.format(spread.percentile(99))));
    }

    /** Ids of the stored events of these runs: the log replayed, filtered to the pipeline, then to the runs. */
    private static Set<String> storedIds(GoferProcess gofer, List<Long> runs) throws Exception {
        HttpResponse<Stream<String>> res = gofer.http.send(gofer.request("/api/events?history=true&follow=false&pipeline=" + PIPELINE)
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("GET /api/events (replay) answered " + res.statusCode());
        }
        Set<Long> wanted = Set.copyOf(runs);
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<String> lines = res.body()) {
            lines.filter(l -> l.startsWith("data:")).forEach(l -> {
                Event e = Event.parse(l);
                if (e.run() != null && wanted.contains(e.run())) {
                    ids.add(e.id());
                }
            });
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no stored events for the runs of " + PIPELINE);
        }
        return ids;
    }

    /** Waits up to {@code ms} for the last deliveries to land (they may trail the bench's own stream). */
    private static void awaitAll(List<Subscriber> subscribers, Set<String> ids, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < deadline && !subscribers.stream().allMatch(s -> s.deliveries().keySet().containsAll(ids))) {
            Thread.sleep(20);
        }
    }

    /** The fields of an event line this benchmark reads. */
    record Event(String id, long emitted, Long run) {
        static Event parse(String dataLine) {
            try {
                JsonNode e = GoferProcess.JSON.readTree(dataLine.substring(5).trim());
                JsonNode details = e.get("kind").elements().next();
                Long run = details.has("run_id") ? details.get("run_id").asLong() : null;
                return new Event(e.get("id").asText(), e.get("emitted").asLong(), run);
            } catch (Exception ex) {
                throw new IllegalStateException("unreadable event line: " + dataLine, ex);
            }
        }
    }

    /** One SSE client on its own connection, stamping each event's arrival. */
    private static final class Subscriber implements Closeable {
        private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;

        Subscriber(GoferProcess gofer) throws Exception {
            HttpRequest req = gofer.request("/api/events").timeout(Duration.ofDays(1)).GET().build();
            response = gofer.http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> res = response.get(30, TimeUnit.SECONDS); // headers in: the stream is live
            if (res.statusCode() != 200) {
                throw new IllegalStateException("GET /api/events answered " + res.statusCode());
            }
            Thread reader = new Thread(() -> {
                try {
                    res.body().forEach(this::line);
                } catch (UncheckedIOException closed) {
                    // closed by us at the end
                }
            }, "bench-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        private void line(String line) {
            if (!line.startsWith("data:")) {
                return;
            }
            Instant now = Instant.now();
            double arrivedMs = now.getEpochSecond() * 1000.0 + now.getNano() / 1_000_000.0;
            Event e = Event.parse(line);
            deliveries.put(e.id(), new Delivery(e.id(), arrivedMs - e.emitted()));
        }

        Map<String, Delivery> deliveries() {
            return deliveries;
        }

        @Override
        public void close() {
            response.thenAccept(res -> res.body().close());
        }
    }
}
