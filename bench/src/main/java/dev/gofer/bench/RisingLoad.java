package dev.gofer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * 10b. Rising load, open loop (the shape Argo's and Kestra's published benchmarks use): one-task runs offered at
 * 30, 60 and 120 runs/min, one every 60/rate s whether or not earlier ones have completed; per rate the achieved
 * runs/min and the offer → complete latency, beside raw round trips ({@link EnginePipeline}) offered the same way.
 * Latency counts from the scheduled offer time, so a late offer is not hidden. For Gofer, each run's time is split
 * at its task's recorded start and end.
 */
final class RisingLoad {
    private static final int[] RATES = {30, 60, 120};

    /** One offered run: when it was due, and when it completed (System.nanoTime). */
    private record Offer(long dueNanos, long dueEpochMs, long runId, long completedNanos) {
        double latencyMs() {
            return Floor.ms(completedNanos - dueNanos);
        }
    }

    static void run(Context ctx) throws Exception {
        long windowMs = ctx.options().pick(180_000, 30_000);
        Saturation.Cpu goferCpu = new Saturation.Cpu(OptionalLong.of(ctx.gofer().pid()));
        Map<String, Double> threads = new HashMap<>();
        StringBuilder split = new StringBuilder();
        int goferRuns = 0;
        try (EnginePipeline engine = new EnginePipeline(ctx.floor())) {
            for (int rate : RATES) {
                int n = (int) (rate * windowMs / 60_000);
                Map<String, Double> before = ProcStat.cpuMsByThreadKind(ctx.gofer().pid());
                goferCpu.begin();
                List<Offer> gofer = offer(rate, n, () -> {
                    try {
                        long run = ctx.gofer().startRun(SingleTask.PIPELINE);
                        return ctx.events().completion(SingleTask.PIPELINE, run).thenApply(c -> {
                            if (!c.status().equals("successful")) {
                                throw new IllegalStateException("run " + run + " ended " + c.status());
                            }
                            return new long[] {run, c.arrivedNanos()};
                        });
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
                goferCpu.end();
                goferRuns += n;
                ProcStat.cpuMsByThreadKind(ctx.gofer().pid()).forEach((kind, ms) ->
                        threads.merge(kind, ms - before.getOrDefault(kind, 0.0), Double::sum));
                List<Offer> floor = offer(rate, n, () -> engine.roundTrip("true").thenApply(t -> new long[] {-1, t}));
                report(ctx, rate, gofer, floor);
                split.append(split(ctx, rate, gofer));
            }
        }
        ctx.report().section("""
                ### Where Gofer's time goes at rising load (benchmark 10b)

                Each run split at its task's recorded `started` and `ended` (epoch ms, from `GET .../tasks/t`); p50 / p99 in ms:

                | offered | due → container started | started → ended | ended → run complete seen |
                |---|---|---|---|
                %s
                Gofer server CPU per run over the three rates (from /proc): %s ms; by thread:

                | thread | CPU ms per run |
                |---|---|
                %s
                """.formatted(split, goferCpu.perRun(goferRuns), Saturation.threadTable(threads, goferRuns)));
    }

    /**
     * Offers {@code n} runs, one every 60/rate s from now, each through {@code start} on its own thread (so a slow
     * POST never delays the next offer); waits for all to complete. {@code start} completes with {run id, nanoTime}.
     */
    private static List<Offer> offer(int rate, int n, Supplier<CompletableFuture<long[]>> start) throws Exception {
        long interval = 60_000_000_000L / rate;
        ExecutorService offers = Executors.newCachedThreadPool();
        try {
            long t0 = System.nanoTime();
            long epoch0 = System.currentTimeMillis();
            List<CompletableFuture<Offer>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * interval;
                long dueEpoch = epoch0 + i * interval / 1_000_000;
                LockSupport.parkNanos(due - System.nanoTime());
                all.add(CompletableFuture.supplyAsync(start, offers).thenCompose(f -> f)
                        .thenApply(r -> new Offer(due, dueEpoch, r[0], r[1])));
            }
            List<Offer> done = new ArrayList<>();
            for (CompletableFuture<Offer> o : all) {
                done.add(o.get(600, TimeUnit.SECONDS));
            }
            return done;
        } finally {
            offers.shutdownNow();
        }
    }

    private static void report(Context ctx, int rate, List<Offer> gofer, List<Offer> floor) {
        double g = achieved(gofer);
        double f = achieved(floor);
        Stats gl = Stats.of(gofer.stream().map(Offer::latencyMs).toList());
        Stats fl = Stats.of(floor.stream().map(Offer::latencyMs).toList());
        ctx.report().add(Row.compared("Rising load: " + rate + " runs/min offered, achieved", Stats.of(List.of(g)),
                Stats.of(List.of(f)), Stats.of(List.of(g / f)), Unit.PER_MIN, Row.Target.none(),
                gofer.size() + " runs, open loop; completions per minute between the first and the last"));
        ctx.report().add(Row.compared("Rising load: " + rate + " runs/min, offer → complete p99", Stats.of(List.of(gl.percentile(99))),
                Stats.of(List.of(fl.percentile(99))), Stats.of(List.of(gl.percentile(99) / fl.percentile(99))), Unit.MS,
                Row.Target.none(), "p50 " + Unit.MS.format(gl.percentile(50)) + " (floor " + Unit.MS.format(fl.percentile(50)) + ")"));
    }

    /** Completions per minute from the first completion to the last: the offered rate while it keeps up. */
    private static double achieved(List<Offer> offers) {
        List<Long> done = new ArrayList<>(offers.stream().map(Offer::completedNanos).toList());
        Collections.sort(done);
        double spanMin = Floor.ms(done.get(done.size() - 1) - done.get(0)) / 60_000;
        return (done.size() - 1) / spanMin;
    }

    /** One table row: p50 / p99 of each part of Gofer's runs at this rate. */
    private static String split(Context ctx, int rate, List<Offer> runs) throws Exception {
        List<Double> before = new ArrayList<>();
        List<Double> running = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (Offer o : runs) {
            JsonNode task = ctx.gofer().task(SingleTask.PIPELINE, o.runId(), "t");
            long started = task.get("started").asLong();
            long ended = task.get("ended").asLong();
            before.add((double) (started - o.dueEpochMs()));
            running.add((double) (ended - started));
            after.add(o.dueEpochMs() + o.latencyMs() - ended);
        }
        return String.format(Locale.ROOT, "| %d runs/min | %s | %s | %s |%n", rate, pp(before), pp(running), pp(after));
    }

    private static String pp(List<Double> values) {
        Stats s = Stats.of(values);
        return String.format(Locale.ROOT, "%.0f / %.0f", s.percentile(50), s.percentile(99));
    }
}
