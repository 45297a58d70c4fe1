package dev.gofer.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * 6. API latency with many runs in flight (containers sleeping): 32 clients call {@code GET run} (a random one)
 * and {@code GET runs} (the list, first page of 50) as fast as they can. The floor is the server's cheapest
 * route, {@code GET /api/system/metadata} (no permission check, no database), under the same 32 clients.
 */
final class ApiUnderLoad {
    static final String PIPELINE = "sleepers";
    private static final int CLIENTS = 32;

    static void deploy(Context ctx) throws Exception {
        ctx.deploy(PIPELINE, List.of(Context.task("sleep", "sleep", "600")));
    }

    static void run(Context ctx) throws Exception {
        int inFlight = ctx.options().pick(200, 20);
        int windows = 3;
        long windowMs = ctx.options().pick(5000, 2000);
        GoferProcess gofer = ctx.gofer();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            ids.add(gofer.startRun(PIPELINE));
        }
        try {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (ctx.events().startedTasks(PIPELINE) < inFlight && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int running = ctx.events().startedTasks(PIPELINE);
            String runsPath = GoferProcess.runs(PIPELINE);
            List<Double> oneP99 = new ArrayList<>();
            List<Double> listP99 = new ArrayList<>();
            List<Double> floorP99 = new ArrayList<>();
            List<Double> oneP50 = new ArrayList<>();
            List<Double> listP50 = new ArrayList<>();
            List<Double> floorP50 = new ArrayList<>();
            int requests = 0;
            for (int w = 0; w < windows; w++) {
                // requests alternate between the two kinds, so both see the same load
                List<List<Double>> mixed = load(gofer, windowMs, n -> n % 2 == 0
                        ? runsPath + "/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))
                        : runsPath, 2);
                Stats floor = Stats.of(load(gofer, windowMs, n -> "/api/system/metadata", 1).get(0));
                requests += mixed.get(0).size() + mixed.get(1).size();
                Stats one = Stats.of(mixed.get(0));
                Stats list = Stats.of(mixed.get(1));
                oneP99.add(one.percentile(99));
                listP99.add(list.percentile(99));
                floorP99.add(floor.percentile(99));
                oneP50.add(one.percentile(50));
                listP50.add(list.percentile(50));
                floorP50.add(floor.percentile(50));
            }
            String load = running + " runs in flight, " + CLIENTS + " clients, "
                    + Math.round(requests / (windows * windowMs / 1000.0)) + " requests/s";
            ctx.report().add(Row.compared("API `GET run` p99 under load", Stats.of(oneP99), Stats.of(floorP99),
                    ratios(oneP99, floorP99), Unit.MS, Row.Target.below(50, Unit.MS),
                    load + "; p50 " + Unit.MS.format(Stats.of(oneP50).median()) + " (floor " + Unit.MS.format(Stats.of(floorP50).median()) + ")"));
            ctx.report().add(Row.compared("API `GET runs` (list of 50) p99 under load", Stats.of(listP99), Stats.of(floorP99),
                    ratios(listP99, floorP99), Unit.MS, Row.Target.below(50, Unit.MS),
                    "p50 " + Unit.MS.format(Stats.of(listP50).median()) + "; floor: `GET /api/system/metadata`"));
        } finally {
            cancelAll(ctx, ids);
        }
    }

    /**
     * {@link #CLIENTS} threads send requests back to back for {@code ms}; request n of a client goes to path(n) and
     * its latency lands in list {@code n % kinds}.
     */
    static List<List<Double>> load(GoferProcess gofer, long ms, IntFunction<String> path, int kinds) throws Exception {
        List<List<Double>> latencies = new ArrayList<>();
        for (int k = 0; k < kinds; k++) {
            latencies.add(Collections.synchronizedList(new ArrayList<>()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long end = System.nanoTime() + ms * 1_000_000;
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int offset = c; // clients start on different kinds
                clients.add(pool.submit(() -> {
                    for (int n = offset; System.nanoTime() < end; n++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> res = gofer.get(path.apply(n));
                        double took = Floor.ms(System.nanoTime() - t0);
                        GoferProcess.expect(res, 200);
                        latencies.get(n % kinds).add(took);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    private static Stats ratios(List<Double> gofer, List<Double> floor) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < gofer.size(); i++) {
            r.add(gofer.get(i) / floor.get(i));
        }
        return Stats.of(r);
    }

    /** Cancels every run (SIGTERM, then SIGKILL after the 1 s stop timeout) and waits until all have ended. */
    private static void cancelAll(Context ctx, List<Long> ids) throws Exception {
        for (long id : ids) {
            ctx.gofer().cancelRun(PIPELINE, id);
        }
        for (long id : ids) {
            ctx.events().completion(PIPELINE, id).get(300, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
