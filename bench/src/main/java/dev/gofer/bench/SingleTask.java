package dev.gofer.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 1. One busybox {@code true} task: {@code POST .../runs} until the run's {@code completed_run} event, against one
 * raw create + start + wait + remove. Also splits both into their steps, to show where the time goes.
 */
final class SingleTask {
    static final String PIPELINE = "single";

    static void deploy(Context ctx) throws Exception {
        ctx.deploy(PIPELINE, List.of(Context.task("t", "true")));
    }

    static void run(Context ctx) throws Exception {
        // 100: the engine alone varies by ±50 ms between two round trips, and the row is a median of differences (of 30,
        // it moved by ±10 ms between runs); the row states its median's 90% interval
        int reps = ctx.options().pick(100, 3);
        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        TaskPhases phases = new TaskPhases();
        List<Floor.RoundTrip> steps = new ArrayList<>();
        List<Double> outsideEngine = new ArrayList<>();
        Map<String, String> labels = new HashMap<>(ctx.gofer().containerLabels());
        labels.put("gofer.pipeline", PIPELINE);
        try (EngineTimeline engine = new EngineTimeline(ctx.floor())) {
            for (int i = 0; i < reps; i++) {
                // alternate which goes first, so neither always meets a freshly idle engine
                Timed raw = i % 2 == 1 ? floorRoundTrip(ctx) : null;
                long postNanos = ContainerDeaths.epochNanosNow();
                long t0 = System.nanoTime();
                long run = ctx.gofer().startRun(PIPELINE);
                long t1 = ctx.events().awaitSuccess(PIPELINE, run, 120);
                long seenNanos = postNanos + (t1 - t0);
                double g = Floor.ms(t1 - t0);
                if (raw == null) {
                    raw = floorRoundTrip(ctx);
                }
                gofer.add(g);
                floor.add(raw.steps().totalMs());
                ratio.add(g / raw.steps().totalMs());
                overhead.add(g - raw.steps().totalMs());
                steps.add(raw.steps());
                labels.put("gofer.run", Long.toString(run));
                double goferOutside = engine.labelled(labels).outsideMs(postNanos, seenNanos);
                double floorOutside = engine.of(raw.steps().containerId()).outsideMs(raw.fromNanos(), raw.toNanos());
                outsideEngine.add(goferOutside - floorOutside);
                phases.add(ctx.gofer(), PIPELINE, run, postNanos / 1_000_000, g);
            }
        }
        ctx.report().add(Row.compared("Single-task run latency (busybox `true`)", Stats.of(gofer), Stats.of(floor),
                Stats.of(ratio), Unit.MS, Row.Target.ratioAtMost(1.15),
                "POST run → completed_run event vs create+start+wait+remove"));
        // Gofer's own time per task: the ratio alone hides it when the engine is slow, and misses it when it is fast
        Stats.Interval precision = Stats.of(overhead).medianInterval90();
        ctx.report().add(Row.absolute("Single-task run minus its floor (Gofer's own time)", Stats.of(overhead), Unit.MS,
                Row.Target.atMost(20, Unit.MS), "per repetition: Gofer's run latency − the raw round trip measured beside it;"
                        + " the median's 90% interval " + Unit.MS.format(precision.low()) + "–" + Unit.MS.format(precision.high())));
        Stats.Interval sharper = Stats.of(outsideEngine).medianInterval90();
        ctx.report().add(Row.absolute("The same, the engine's create → die segment left out of both (Gofer's own time, sharper)",
                Stats.of(outsideEngine), Unit.MS, Row.Target.none(), "per repetition: (POST → engine `create` event) + (engine `die`"
                        + " event → completed_run seen), minus the floor's (create call → its `create` event) + (its `die` event → remove"
                        + " returned); the engine starting the container and the container running are the same work on both sides and"
                        + " the noise of row 2; the median's 90% interval " + Unit.MS.format(sharper.low()) + "–" + Unit.MS.format(sharper.high())));
        ctx.report().section("""
                ### Where one run's time goes (benchmark 1, medians)

                | Gofer | ms | raw docker-java | ms |
                |---|---|---|---|
                | POST → container started (API, store, event, create, start) | %s | create | %s |
                | container started → task complete (container runs, logs drained, exit stored) | %s | start | %s |
                | task complete → run complete seen (DAG, store, event over SSE) | %s | wait for exit | %s |
                | | | remove | %s |
                """.formatted(f(phases.beforeStart), f(steps.stream().map(Floor.RoundTrip::createMs).toList()),
                f(phases.running), f(steps.stream().map(Floor.RoundTrip::startMs).toList()),
                f(phases.afterExit), f(steps.stream().map(Floor.RoundTrip::waitMs).toList()),
                f(steps.stream().map(Floor.RoundTrip::removeMs).toList())));
    }

    /** A raw round trip with the wall-clock ns (epoch) of its first call and of its last call's return. */
    private record Timed(Floor.RoundTrip steps, long fromNanos, long toNanos) {
    }

    private static Timed floorRoundTrip(Context ctx) {
        long from = ContainerDeaths.epochNanosNow();
        long t0 = System.nanoTime();
        Floor.RoundTrip steps = ctx.floor().roundTrip("true");
        return new Timed(steps, from, from + (System.nanoTime() - t0));
    }

    private static String f(List<Double> values) {
        return String.format(java.util.Locale.ROOT, "%.0f", Stats.of(values).median());
    }
}
