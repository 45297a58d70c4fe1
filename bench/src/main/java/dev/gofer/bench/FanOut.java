package dev.gofer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 3. Many independent tasks in one run: Gofer starts them all at once (no parallelism cap), so the floor launches
 * the same number of raw round trips all at once too.
 */
final class FanOut {
    static final String PIPELINE = "fanout";

    static int width(Context ctx) {
        return ctx.options().pick(50, 20);
    }

    static void deploy(Context ctx) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < width(ctx); i++) {
            tasks.add(Context.task("t" + i, "true"));
        }
        ctx.deploy(PIPELINE, tasks);
    }

    static void run(Context ctx) throws Exception {
        int width = width(ctx);
        int reps = ctx.options().pick(3, 1);
        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            double g = ctx.timedRun(PIPELINE, 600);
            double f = ctx.floor().roundTrips(width, width, "true");
            gofer.add(g);
            floor.add(f);
            ratio.add(g / f);
        }
        ctx.report().add(Row.compared("Fan-out of " + width + " independent tasks", Stats.of(gofer), Stats.of(floor),
                Stats.of(ratio), Unit.MS, Row.Target.ratioAtMost(1.10),
                "until all complete vs " + width + " raw round trips, " + width + " at once"));
    }
}
