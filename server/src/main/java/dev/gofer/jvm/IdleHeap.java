package dev.gofer.jvm;

/**
 * Decides when a full collection would give heap back to the operating system. The serial collector (the
 * launcher's, see jvm.options) grows the heap under load and shrinks it only at a full collection, which a server
 * that has gone quiet never has: after a burst of runs it kept ~140 MB committed for ~45 MB in use. This is the
 * same rule as G1's periodic collection (JEP 346), for the collector Gofer uses: once no collection has happened
 * for the quiet time (the server allocates little: it is idle), and the committed heap has grown by at least
 * {@code minGrowth} since the last time memory was given back, collect once. Growth, not "unused" heap: before a
 * collection the heap's use counts its garbage too, so after a burst of 1,000 runs a heap of 79 MB committed looked
 * too full to be worth it, and stayed. A server with runs in flight is not idle, however little it allocates: 1,000
 * sleeping containers' runs allocate too little for a collection in 15 s, and the release then paused the server
 * 0.5–1.5 s with them in flight, and shrank the heap that the next burst had to grow again (a full collection of
 * 231–369 ms at the start of benchmark 6's windows at 1,000 in flight). A look with runs in flight counts as
 * activity, as a collection does. A plain class: no clock, no JVM calls.
 */
public final class IdleHeap {
    /**
     * What the JVM and the server say at one look: when (ms, any monotonic origin), collections so far (all
     * collectors), heap committed and in use, bytes ({@code used} counts garbage too, so the rule does not read it;
     * the log does), and how many runs are in flight.
     */
    public record Look(long atMillis, long collections, long committed, long used, int runsInFlight) {
    }

    private final long minGrowth;
    private final long quietMillis;
    private long collectionsSeen = -1;
    private long lastActivityAt;
    private long committedAfterRelease;

    /**
     * @param minGrowth growth of the committed heap below which a collection is not worth its pause
     * @param quietMillis how long the server must have had no collection and no run in flight to count as idle
     */
    public IdleHeap(long minGrowth, long quietMillis) {
        this.minGrowth = minGrowth;
        this.quietMillis = quietMillis;
    }

    /**
     * Called at each look (more often than {@code quietMillis}, so a release follows the last collection within one
     * look of the quiet time); true: collect now, then tell {@link #released} what the heap is after it.
     */
    public synchronized boolean shouldRelease(Look now) {
        if (now.collections() != collectionsSeen || now.runsInFlight() > 0) {
            collectionsSeen = now.collections();
            lastActivityAt = now.atMillis();
            return false;
        }
        boolean quiet = now.atMillis() - lastActivityAt >= quietMillis;
        return quiet && now.committed() - committedAfterRelease >= minGrowth;
    }

    /** The collection is done: its own count is not activity, and the heap it left is the new baseline. */
    public synchronized void released(Look after) {
        collectionsSeen = after.collections();
        committedAfterRelease = after.committed();
    }
}
