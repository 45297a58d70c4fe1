package dev.gofer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 7. Memory and start-up: resident memory (VmRSS) of the idle server and after many completed runs (a leak
 * shows as growth), and the cold start of the packaged jar until its first answered request.
 */
final class Footprint {
    static final String FAST_FAIL = "fastfail";
    /** An image from a registry that refuses connections at once: the task fails fast, without a container. */
    private static final String NO_IMAGE = "127.0.0.1:9/gofer-bench/missing:latest";

    static void deploy(Context ctx) throws Exception {
        ctx.deploy(FAST_FAIL, List.of(Map.of("id", "t", "image", NO_IMAGE, "command", List.of("true"))));
    }

    /** Idle memory right after start: RSS as a user sees it (no forced GC), then the heap left after a full GC. */
    record Idle(double rssMb, double heapMb) {
    }

    static Idle idle(GoferProcess gofer) throws Exception {
        Thread.sleep(2000); // let start-up work (migrations, the first prune) settle
        double rss = gofer.rssMb();
        return new Idle(rss, gofer.heapAfterGcMb());
    }

    /**
     * Tops the server's completed runs up to {@code --footprint-runs} with runs whose task fails before any
     * container exists (so the count costs seconds, not minutes), then reads RSS, and again after a full GC.
     */
    static void afterRuns(Context ctx, Idle idle) throws Exception {
        int completedSoFar = ctx.events().completedRuns();
        int target = ctx.options().footprintRuns();
        int extra = Math.max(0, target - completedSoFar);
        int batch = 20;
        for (int done = 0; done < extra; done += batch) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < Math.min(batch, extra - done); i++) {
                ids.add(ctx.gofer().startRun(FAST_FAIL));
            }
            for (long id : ids) {
                ctx.events().completion(FAST_FAIL, id).get(120, TimeUnit.SECONDS);
            }
        }
        Thread.sleep(2000);
        double rss = ctx.gofer().rssMb();
        double heap = ctx.gofer().heapAfterGcMb();
        double rssAfterGc = ctx.gofer().rssMb();
        int total = completedSoFar + extra;
        ctx.report().add(Row.absolute("Idle server RSS after start", Stats.of(List.of(idle.rssMb())), Unit.MB,
                Row.Target.below(200, Unit.MB), "VmRSS; JVM flags as the launcher's (see the header); heap used after a full GC: "
                        + Unit.MB.format(idle.heapMb())));
        ctx.report().add(Row.absolute("Server RSS after " + total + " completed runs", Stats.of(List.of(rss)), Unit.MB,
                Row.Target.below(200, Unit.MB), completedSoFar + " with containers (benchmarks 1–6), " + extra
                        + " failing before a container; heap used after a full GC " + Unit.MB.format(heap) + " (idle: "
                        + Unit.MB.format(idle.heapMb()) + "), RSS then " + Unit.MB.format(rssAfterGc)));
    }

    /**
     * Cold start: a fresh process on a new data dir until {@code GET /api/system/metadata} answers. The floor is
     * the same jar doing the least a JVM can ({@code --version}: JVM start, class loading, picocli).
     */
    static void coldStart(Options options, Report report) throws Exception {
        int reps = options.pick(5, 2);
        List<Double> gofer = new ArrayList<>();
        List<Double> jvm = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            double g;
            try (GoferProcess p = GoferProcess.start(options.jar(), options.jvmFlags())) {
                g = Floor.ms(p.answeredNanos - p.startedNanos);
            }
            double f = versionMs(options.jar(), options.jvmFlags());
            gofer.add(g);
            jvm.add(f);
            ratio.add(g / f);
        }
        report.add(Row.compared("Cold start of the packaged server", Stats.of(gofer), Stats.of(jvm), Stats.of(ratio),
                Unit.MS, Row.Target.below(2000, Unit.MS),
                "`java <launcher flags> -jar gofer.jar service start` on a new data dir → first answered request; floor: the same `--version`"));
    }

    private static double versionMs(Path jar, List<String> jvmFlags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", jar.toString(), "--version"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("java -jar " + jar + " --version failed");
        }
        return Floor.ms(System.nanoTime() - t0);
    }
}
