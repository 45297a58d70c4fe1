package dev.gofer.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Looks at the heap every interval and, when {@link IdleHeap} says so, collects on a worker thread. */
public final class IdleHeapRelease {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapRelease.class);
    /** A server with no collection and no run in flight for this long is idle and gives back what a burst grew. */
    static final Duration QUIET = Duration.ofSeconds(15);
    /** How often the heap is looked at: the release comes 15–20 s after the last collection or run in flight. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Less growth of the committed heap since the last release is not worth a full collection's pause. */
    static final long MIN_GROWTH = 16L * 1024 * 1024;
    /**
     * Collections in a row. The serial collector gives back a damped share of what MaxHeapFreeRatio allows at each
     * full collection (none at the first after growth, then 10%, 40%, all). Measured on a heap grown to 247 MB for
     * 46 MB in use: four collections with ratios 10/30 left 95 MB committed; one with the defaults, 247 MB.
     */
    static final int COLLECTIONS = 4;
    /**
     * Heap free ratios (%) for the idle collections only, set through the JVM's manageable flags and put back after:
     * under load the heap keeps the JVM's (or the user's) sizing. Set server-wide (MinHeapFreeRatio=20,
     * MaxHeapFreeRatio=40 in jvm.options), the smaller heap collects more often under load, and benchmark 6's SQLite
     * p99 measured 93 ms against 52 ms the day before (one run each). After 1,000 runs at once (23 MB live), 10/30
     * left 48 MB committed and 5/15 39 MB (RSS 186 -> 179 MB): an idle server needs little room, and the first load
     * after it grows the heap back as the JVM's own ratios say.
     */
    static final String IDLE_MIN_FREE = "5";
    static final String IDLE_MAX_FREE = "15";

    private IdleHeapRelease() {
    }

    /**
     * Starts looking; returns the timer id (cancel it on shutdown).
     *
     * @param runsInFlight the server's runs in flight now, from any thread
     */
    public static long schedule(Vertx vertx, Duration interval, IntSupplier runsInFlight) {
        IdleHeap heap = new IdleHeap(MIN_GROWTH, QUIET.toMillis());
        return vertx.setPeriodic(interval.toMillis(), id -> {
            if (!heap.shouldRelease(look(runsInFlight.getAsInt()))) {
                return;
            }
            vertx.executeBlocking(() -> {
                IdleHeap.Look before = look(0);
                collectWithRatios(IDLE_MIN_FREE, IDLE_MAX_FREE);
                IdleHeap.Look after = look(0);
                heap.released(after);
                LOG.debug("idle: heap committed {} MB -> {} MB, {} MB in use", before.committed() >> 20,
                        after.committed() >> 20, after.used() >> 20);
                return null;
            }, false);
        });
    }

    /** Full collections with the given free ratios, then the ratios as they were (a flag the JVM refuses: as is). */
    static void collectWithRatios(String minFree, String maxFree) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        boolean lowered = false;
        try {
            vm.setVMOption("MinHeapFreeRatio", minFree); // min first: max may never go below it
            vm.setVMOption("MaxHeapFreeRatio", maxFree);
            lowered = true;
        } catch (IllegalArgumentException e) {
            LOG.debug("heap free ratios not changed: {}", e.getMessage());
        }
        try {
            for (int i = 0; i < COLLECTIONS; i++) {
                System.gc(); // a no-op with -XX:+DisableExplicitGC: then nothing shrinks and nothing breaks
            }
        } finally {
            if (lowered) {
                vm.setVMOption("MaxHeapFreeRatio", max);
                vm.setVMOption("MinHeapFreeRatio", min);
            }
        }
    }

    static IdleHeap.Look look(int runsInFlight) {
        long collections = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new IdleHeap.Look(System.nanoTime() / 1_000_000, collections, heap.getCommitted(), heap.getUsed(),
                runsInFlight);
    }
}
