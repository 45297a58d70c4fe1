package dev.gofer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 7. Memory: resident memory (VmRSS) of the idle server, after many completed runs and after ten times as many
 * (a leak shows as growth). The cold start is {@link ColdStart}.
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
     * Tops the server's completed runs up to {@code --footprint-runs} (1,000; quick 100) with short runs, reads RSS,
     * then tops them up to ten times that (10,000; quick 1,000) and reads it again: a leak, or a pool that keeps
     * threads, shows as growth between the two. A short run is one task whose image pull is refused at once, so it
     * fails before any container exists (the run still goes through the API, the store, the DAG, the scheduler
     * and the event stream) and the count costs seconds, not hours.
     */
    static void afterRuns(Context ctx, Idle idle) throws Exception {
        int completedSoFar = ctx.events().completedRuns();
        int first = Math.max(ctx.options().footprintRuns(), completedSoFar);
        Reading atFirst = topUpAndRead(ctx, first);
        Reading atTenfold = topUpAndRead(ctx, 10 * first);
        double heap = ctx.gofer().heapAfterGcMb();
        double rssAfterGc = ctx.gofer().rssMb();
        printNativeMemory(ctx.gofer());
        ctx.report().add(Row.absolute("Idle server RSS after start", Stats.of(List.of(idle.rssMb())), Unit.MB,
                Row.Target.below(200, Unit.MB), "VmRSS; JVM flags as the launcher's (see the header); heap used after a full GC: "
                        + Unit.MB.format(idle.heapMb())));
        ctx.report().add(Row.absolute("Server RSS after " + first + " completed runs", Stats.of(List.of(atFirst.rssMb())), Unit.MB,
                Row.Target.below(200, Unit.MB), completedSoFar + " with containers (benchmarks 1–5 and the warm-up), the rest"
                        + " short runs (one task whose image pull is refused: no container); read after " + SETTLE_SECONDS
                        + " s idle: " + atFirst.threads() + " threads; " + atFirst.atOnce()));
        ctx.report().add(Row.compared("Server RSS after " + 10 * first + " vs after " + first + " runs",
                Stats.of(List.of(atTenfold.rssMb())), Stats.of(List.of(atFirst.rssMb())),
                Stats.of(List.of(atTenfold.rssMb() / atFirst.rssMb())), Unit.MB, Row.Target.ratioAtMost(1.10),
                "flat = no leak: " + (10 * first - first) + " more short runs; threads " + atFirst.threads() + " → "
                        + atTenfold.threads() + "; then heap used after a full GC " + Unit.MB.format(heap) + " (idle: "
                        + Unit.MB.format(idle.heapMb()) + "), RSS then " + Unit.MB.format(rssAfterGc) + "; " + atTenfold.atOnce()));
    }

    /**
     * How long the server idles before a reading: its pools end a thread idle for 10 s, and it gives back heap a
     * burst grew once no collection has happened for 15 s (jvm.IdleHeapRelease looks every 5 s), so within 20 s of
     * going quiet. What a burst holds while it runs is the reading taken at once, in the row's note.
     */
    static final int SETTLE_SECONDS = 35;

    /**
     * RSS as a user sees it (no forced GC) and the thread count, after {@code completed} runs in all and
     * {@link #SETTLE_SECONDS} of idling; {@code rssAtOnceMb} and {@code threadsAtOnce}: the same right after the runs.
     */
    record Reading(double rssMb, int threads, double rssAtOnceMb, int threadsAtOnce) {
        String atOnce() {
            return "right after the runs: " + Unit.MB.format(rssAtOnceMb) + ", " + threadsAtOnce + " threads";
        }
    }

    private static Reading topUpAndRead(Context ctx, int completed) throws Exception {
        int extra = Math.max(0, completed - ctx.events().completedRuns());
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
        double rssAtOnce = ctx.gofer().rssMb();
        int threadsAtOnce = ProcStat.threads(ctx.gofer().pid());
        Thread.sleep(SETTLE_SECONDS * 1000L); // the state measured: idle for this long (see SETTLE_SECONDS)
        Reading r = new Reading(ctx.gofer().rssMb(), ProcStat.threads(ctx.gofer().pid()), rssAtOnce, threadsAtOnce);
        System.out.printf("after %d runs: RSS %.1f MB, %d threads (at once: %.1f MB, %d threads)%n", completed,
                r.rssMb(), r.threads(), rssAtOnce, threadsAtOnce);
        return r;
    }

    /** With -XX:NativeMemoryTracking=summary among the flags (GOFER_JAVA_OPTS), where the RSS goes, in the log. */
    private static void printNativeMemory(GoferProcess gofer) {
        try {
            System.out.println(gofer.jcmd("VM.native_memory", "summary"));
        } catch (Exception notTracking) {
            System.out.println("(native memory tracking off: add -XX:NativeMemoryTracking=summary to GOFER_JAVA_OPTS to see it)");
        }
    }
}
