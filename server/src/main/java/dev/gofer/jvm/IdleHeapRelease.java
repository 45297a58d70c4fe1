package dev.gofer.jvm;

import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Looks at the heap every interval and, when {@link IdleHeap} says so, collects on a worker thread. */
public final class IdleHeapRelease {
    private static final Logger LOG = LoggerFactory.getLogger(IdleHeapRelease.class);
    /** How often the heap is looked at; a server idle this long gives back what a burst grew. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** Less unused heap than this is not worth a full collection's pause. */
    static final long MIN_UNUSED = 32L * 1024 * 1024;
    /**
     * Collections in a row. The serial collector gives back a damped share of what MaxHeapFreeRatio allows at each
     * full collection (none at the first after growth, then 10%, 40%, all): measured, four take a heap grown to
     * 234 MB for 46 MB in use down to 111 MB with jvm.options' ratios, one takes it to 222 MB.
     */
    static final int COLLECTIONS = 4;

    private IdleHeapRelease() {
    }

    /** Starts looking; returns the timer id (cancel it on shutdown). */
    public static long schedule(Vertx vertx, Duration interval) {
        IdleHeap heap = new IdleHeap(MIN_UNUSED);
        return vertx.setPeriodic(interval.toMillis(), id -> {
            if (!heap.shouldRelease(look())) {
                return;
            }
            vertx.executeBlocking(() -> {
                IdleHeap.Look before = look();
                for (int i = 0; i < COLLECTIONS; i++) {
                    System.gc(); // a no-op with -XX:+DisableExplicitGC: then nothing shrinks and nothing breaks
                }
                IdleHeap.Look after = look();
                heap.released(after);
                LOG.debug("idle: heap committed {} MB -> {} MB, {} MB in use", before.committed() >> 20,
                        after.committed() >> 20, after.used() >> 20);
                return null;
            }, false);
        });
    }

    static IdleHeap.Look look() {
        long collections = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new IdleHeap.Look(collections, heap.getCommitted(), heap.getUsed());
    }
}
