package dev.gofer.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 10a. Drain: many one-task runs ({@code true}) queued at once, time until all have completed, against the same
 * number of raw round trips through {@link EnginePipeline} (the server's own engine-call shape: 16 control threads,
 * up to 256 waiting for exits). The server's CPU by thread and the engine's CPU are counted meanwhile.
 */
final class Drain {
    /** POSTs in flight at once: the runs are queued "at once" as fast as 8 clients can, not one by one. */
    private static final int POSTERS = 8;

    static void run(Context ctx) throws Exception {
        int runs = ctx.options().pick(500, 60);
        GoferProcess gofer = ctx.gofer();
        Saturation.Cpu goferCpu = new Saturation.Cpu(OptionalLong.of(gofer.pid()));
        Saturation.Cpu dockerd = new Saturation.Cpu(ProcStat.pidOf("dockerd"));
        Saturation.Cpu containerd = new Saturation.Cpu(ProcStat.pidOf("containerd"));
        Map<String, Double> threadsBefore = ProcStat.cpuMsByThreadKind(gofer.pid());
        goferCpu.begin();
        dockerd.begin();
        containerd.begin();
        long t0 = System.nanoTime();
        List<Long> ids = startAll(ctx, SingleTask.PIPELINE, runs);
        long posted = System.nanoTime();
        long last = t0;
        for (long id : ids) {
            last = Math.max(last, ctx.events().awaitSuccess(SingleTask.PIPELINE, id, 1800));
        }
        goferCpu.end();
        dockerd.end();
        containerd.end();
        Map<String, Double> threads = new HashMap<>();
        ProcStat.cpuMsByThreadKind(gofer.pid()).forEach((kind, ms) -> threads.put(kind, ms - threadsBefore.getOrDefault(kind, 0.0)));
        double g = Floor.ms(last - t0) / 1000;
        double f;
        try (EnginePipeline engine = new EnginePipeline(ctx.floor())) {
            long f0 = System.nanoTime();
            List<CompletableFuture<Long>> trips = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                trips.add(engine.roundTrip("true"));
            }
            long fLast = f0;
            for (CompletableFuture<Long> t : trips) {
                fLast = Math.max(fLast, t.get());
            }
            f = Floor.ms(fLast - f0) / 1000;
        }
        ctx.report().add(Row.compared("Drain: " + runs + " one-task runs queued at once, until all complete",
                Stats.of(List.of(g)), Stats.of(List.of(f)), Stats.of(List.of(g / f)), Unit.S, Row.Target.ratioAtMost(1.1),
                "POSTs from " + POSTERS + " clients (all in after " + Unit.S.format(Floor.ms(posted - t0) / 1000) + "); floor: "
                        + runs + " round trips, " + EnginePipeline.CONTROL_THREADS + " threads for create+start and remove, "
                        + "up to " + EnginePipeline.WAITERS + " waiting (the server's pools; no setting caps runs)"));
        ctx.report().section("""
                ### Where the drain's time goes (benchmark 10a, %d runs)

                CPU per run while the runs drained (from /proc, user + system): Gofer server %s ms, dockerd %s ms,
                containerd %s ms. The server's CPU per run by thread:

                | thread | CPU ms per run |
                |---|---|
                %s
                """.formatted(runs, goferCpu.perRun(runs), dockerd.perRun(runs), containerd.perRun(runs),
                Saturation.threadTable(threads, runs)));
    }

    /** POSTs {@code runs} runs from {@link #POSTERS} clients at once; returns their ids in order. */
    static List<Long> startAll(Context ctx, String pipeline, int runs) throws Exception {
        ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
        try {
            List<Future<Long>> posted = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                posted.add(posters.submit(() -> ctx.gofer().startRun(pipeline)));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> f : posted) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            posters.shutdownNow();
        }
    }
}
