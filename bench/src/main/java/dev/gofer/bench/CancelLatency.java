package dev.gofer.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * 11. Cancel latency: a run of many tasks that each {@code sleep 300} (which, as PID 1, ignores SIGTERM, so each
 * container lives the whole grace period and is then killed), cancelled once every container runs; measured from
 * the cancel request until the engine's last {@code die} event. Floor: {@code docker stop} of as many raw containers
 * at once, same grace. Target: every container ends within the grace + 1 s. The note splits that time: when the
 * engine sent the last signal, and when the last container's process had ended on the host ({@link ProcessExits}).
 */
final class CancelLatency {
    static final String PIPELINE = "cancel-many";
    private static final int FULL_TASKS = 50;

    static void deploy(Context ctx) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < tasks(ctx); i++) {
            tasks.add(Context.task("t" + i, "sleep", "300"));
        }
        ctx.deploy(PIPELINE, tasks);
    }

    private static int tasks(Context ctx) {
        return FULL_TASKS; // the size in both modes: fewer would hide a pool of 16 stopping them in waves
    }

    static void run(Context ctx) throws Exception {
        int n = tasks(ctx);
        int reps = ctx.options().pick(3, 1);
        int grace = GoferProcess.TASK_STOP_TIMEOUT_SECONDS;
        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> goferSignalled = new ArrayList<>();
        List<Double> floorSignalled = new ArrayList<>();
        List<Double> goferProcesses = new ArrayList<>();
        List<Double> floorProcesses = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            Ended g = goferCancel(ctx, n);
            Ended f = floorStop(ctx.floor(), n, grace);
            gofer.add(g.lastDiedMs());
            floor.add(f.lastDiedMs());
            ratio.add(g.lastDiedMs() / f.lastDiedMs());
            goferSignalled.add(g.lastSignalledMs());
            floorSignalled.add(f.lastSignalledMs());
            goferProcesses.add(g.lastProcessEndedMs());
            floorProcesses.add(f.lastProcessEndedMs());
        }
        ctx.report().add(Row.compared("Cancel a run of " + n + " running tasks: until every container ended", Stats.of(gofer),
                Stats.of(floor), Stats.of(ratio), Unit.MS, Row.Target.below(grace * 1000 + 1000, Unit.MS),
                "task_stop_timeout " + grace + " s (grace + 1 s); cancel request → last engine `die` event; floor: `docker stop` of "
                        + n + " raw containers at once; the last SIGTERM reached the engine after "
                        + Unit.MS.format(Stats.of(goferSignalled).median()) + " (floor " + Unit.MS.format(Stats.of(floorSignalled).median())
                        + "), the last container's process had ended (gone from the host's /proc) after "
                        + Unit.MS.format(Stats.of(goferProcesses).median()) + " (floor " + Unit.MS.format(Stats.of(floorProcesses).median())
                        + "); the rest is the engine's own, until its `die` event"));
    }

    /**
     * From the cancel (or the stops) until the engine signalled the last container, until the last container's
     * process had ended on the host, and until the engine's last {@code die} event.
     */
    private record Ended(double lastSignalledMs, double lastProcessEndedMs, double lastDiedMs) {
        static Ended since(long t0, ContainerDeaths deaths, List<String> ids, ProcessExits exits, long lastDied)
                throws InterruptedException {
            return new Ended(Floor.ms(deaths.lastSignalled(ids) - t0), Floor.ms(exits.awaitAll(10_000) - t0), Floor.ms(lastDied - t0));
        }
    }

    /** Starts a run, waits until all its containers run, cancels it; ms until the last container died. */
    private static Ended goferCancel(Context ctx, int n) throws Exception {
        long run = ctx.gofer().startRun(PIPELINE);
        Map<String, String> labels = new HashMap<>(ctx.gofer().containerLabels());
        labels.put("gofer.pipeline", PIPELINE);
        labels.put("gofer.run", Long.toString(run));
        List<String> ids = awaitRunning(ctx.floor(), labels, n);
        try (ContainerDeaths deaths = new ContainerDeaths(ctx.floor(), labels); ProcessExits exits = new ProcessExits(ctx.floor(), ids)) {
            long t0 = ContainerDeaths.epochNanosNow();
            ctx.gofer().cancelRun(PIPELINE, run);
            long last = deaths.awaitAll(ids, 120_000);
            ctx.events().completion(PIPELINE, run).get(120, TimeUnit.SECONDS);
            return Ended.since(t0, deaths, ids, exits, last);
        }
    }

    /** Raw containers running {@code sleep 300}, all stopped at once with the same grace; ms until the last died. */
    private static Ended floorStop(Floor floor, int n, int grace) throws Exception {
        Map<String, String> labels = new HashMap<>(Floor.LABEL);
        labels.put("gofer-bench-cancel", Long.toString(System.nanoTime()));
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (ContainerDeaths deaths = new ContainerDeaths(floor, labels)) {
            List<CompletableFuture<String>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                started.add(CompletableFuture.supplyAsync(() -> {
                    String id = floor.docker().createContainerCmd(Floor.IMAGE).withCmd("sleep", "300").withLabels(labels).exec().getId();
                    floor.docker().startContainerCmd(id).exec();
                    return id;
                }, pool));
            }
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<String> s : started) {
                ids.add(s.get());
            }
            try (ProcessExits exits = new ProcessExits(floor, ids)) {
                long t0 = ContainerDeaths.epochNanosNow();
                List<CompletableFuture<Void>> stops = new ArrayList<>();
                for (String id : ids) {
                    stops.add(CompletableFuture.runAsync(() -> floor.docker().stopContainerCmd(id).withTimeout(grace).exec(), pool));
                }
                long last = deaths.awaitAll(ids, 120_000);
                CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get();
                return Ended.since(t0, deaths, ids, exits, last);
            }
        } finally {
            pool.shutdownNow();
            floor.removeAll(labels);
        }
    }

    /** Polls the engine (every 100 ms, up to 10 minutes) until {@code n} containers with these labels run. */
    private static List<String> awaitRunning(Floor floor, Map<String, String> labels, int n) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            List<String> running = floor.docker().listContainersCmd().withStatusFilter(List.of("running"))
                    .withLabelFilter(labels).exec().stream().map(c -> c.getId()).toList();
            if (running.size() >= n) {
                return running;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + running.size() + " of " + n + " containers ran after 10 minutes");
            }
            Thread.sleep(100);
        }
    }
}
