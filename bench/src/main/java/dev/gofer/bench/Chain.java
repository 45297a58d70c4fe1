package dev.gofer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 2. Ten tasks, each waiting for the previous one to succeed, against ten raw round trips one after another. */
final class Chain {
    static final String PIPELINE = "chain";
    static final int LENGTH = 10;

    static void deploy(Context ctx) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        tasks.add(Context.task("t0", "true"));
        for (int i = 1; i < LENGTH; i++) {
            tasks.add(Context.dependentTask("t" + i, "t" + (i - 1), "true"));
        }
        ctx.deploy(PIPELINE, tasks);
    }

    static void run(Context ctx) throws Exception {
        int reps = ctx.options().pick(4, 2);
        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            double g = ctx.timedRun(PIPELINE, 300);
            double f = ctx.floor().roundTrips(LENGTH, 1, "true");
            gofer.add(g);
            floor.add(f);
            ratio.add(g / f);
        }
        ctx.report().add(Row.compared("Chain of " + LENGTH + " tasks (each depends on the previous, success)",
                Stats.of(gofer), Stats.of(floor), Stats.of(ratio), Unit.MS, Row.Target.ratioAtMost(1.10),
                "whole run vs " + LENGTH + " sequential raw round trips"));
    }
}
