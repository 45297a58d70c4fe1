package dev.gofer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * 4. Throughput with many one-task runs queued at once, against raw round trips at the same parallelism (all at
 * once: Gofer caps no runs). The CPU that Gofer, dockerd and containerd burn per run is counted from /proc, for the
 * floor's round trips too; then one more, unmeasured repetition runs under JFR for where the server's CPU goes (the
 * profiler's own cost stays out of the ratio).
 */
final class Saturation {

    static void run(Context ctx) throws Exception {
        int runs = ctx.options().pick(30, 15);
        // one repetition moves between 0.75x and 1.0x on this 2-vCPU machine: ten for a median that says something
        int reps = ctx.options().pick(10, 1);
        List<Double> gofer = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        Cpu goferCpu = new Cpu(OptionalLong.of(ctx.gofer().pid()));
        Cpu dockerd = new Cpu(ProcStat.pidOf("dockerd"));
        Cpu containerd = new Cpu(ProcStat.pidOf("containerd"));
        Cpu floorDockerd = new Cpu(ProcStat.pidOf("dockerd"));
        Cpu floorContainerd = new Cpu(ProcStat.pidOf("containerd"));
        Map<String, Double> threads = new HashMap<>();
        for (int i = 0; i < reps; i++) {
            Map<String, Double> threadsBefore = ProcStat.cpuMsByThreadKind(ctx.gofer().pid());
            goferCpu.begin();
            dockerd.begin();
            containerd.begin();
            double g = goferRunsPerMin(ctx, runs);
            goferCpu.end();
            ProcStat.cpuMsByThreadKind(ctx.gofer().pid()).forEach((kind, ms) ->
                    threads.merge(kind, ms - threadsBefore.getOrDefault(kind, 0.0), Double::sum));
            dockerd.end();
            containerd.end();
            floorDockerd.begin();
            floorContainerd.begin();
            double f = runs / (ctx.floor().roundTrips(runs, runs, "true") / 60_000.0);
            floorDockerd.end();
            floorContainerd.end();
            gofer.add(g);
            floor.add(f);
            ratio.add(g / f);
        }
        Path jfr = ctx.options().repo().resolve("bench/target/saturation.jfr").toAbsolutePath();
        Profile profile = Profile.start(ctx.gofer(), jfr);
        goferRunsPerMin(ctx, runs);
        String summary = profile.stopAndSummarise();
        int total = runs * reps;
        ctx.report().add(Row.compared("Saturation: " + runs + " one-task runs queued at once", Stats.of(gofer),
                Stats.of(floor), Stats.of(ratio), Unit.PER_MIN, Row.Target.ratioAtLeast(0.95),
                "runs/min vs raw round trips/min, " + runs + " in parallel"));
        ctx.report().section("""
                ### Profile of benchmark 4 (saturation)

                CPU per run while the runs were queued (from /proc, user + system): Gofer server %s ms, dockerd %s ms,
                containerd %s ms; per raw round trip of the floor: dockerd %s ms, containerd %s ms (the floor's own client
                and, for both, containerd-shim and runc per container are not counted).

                The server's CPU per run by thread (from /proc/<pid>/task; numbered threads of one pool together):

                | thread | CPU ms per run |
                |---|---|
                %s

                %s""".formatted(goferCpu.perRun(total), dockerd.perRun(total), containerd.perRun(total),
                floorDockerd.perRun(total), floorContainerd.perRun(total), threadTable(threads, total),
                "One more repetition, not in the figures above, ran under JFR.\n\n" + summary));
    }

    /** Posts {@code runs} one-task runs at once and waits until all succeeded; runs per minute. */
    private static double goferRunsPerMin(Context ctx, int runs) throws Exception {
        long t0 = System.nanoTime();
        // posted from several clients at once, as the floor submits its round trips all at once (they were posted
        // one after another: the last was queued 30 POST latencies after the first)
        List<Long> ids = Drain.startAll(ctx, SingleTask.PIPELINE, runs);
        long last = t0;
        for (long id : ids) {
            last = Math.max(last, ctx.events().awaitSuccess(SingleTask.PIPELINE, id, 600));
        }
        return runs / (Floor.ms(last - t0) / 60_000.0);
    }

    /** The server's CPU per run by thread kind, as markdown rows (kinds under 1 ms per run left out). */
    static String threadTable(Map<String, Double> threads, int runs) {
        return threads.entrySet().stream().filter(e -> e.getValue() / runs >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "| %s | %.0f |", e.getKey(), e.getValue() / runs))
                .collect(Collectors.joining("\n"));
    }

    /** CPU time a process uses inside the measured windows only. */
    static final class Cpu {
        private final OptionalLong pid;
        private double used;
        private double mark;

        Cpu(OptionalLong pid) {
            this.pid = pid;
        }

        void begin() throws java.io.IOException {
            if (pid.isPresent()) {
                mark = ProcStat.cpuMs(pid.getAsLong());
            }
        }

        void end() throws java.io.IOException {
            if (pid.isPresent()) {
                used += ProcStat.cpuMs(pid.getAsLong()) - mark;
            }
        }

        String perRun(int runs) {
            return pid.isPresent() ? String.format(java.util.Locale.ROOT, "%.0f", used / runs) : "n/a (process not found)";
        }
    }
}
