package dev.gofer.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.jvm.IdleHeap.Look;
import org.junit.jupiter.api.Test;

class IdleHeapTest {
    private static final long MB = 1024 * 1024;
    private static final long S = 1000;
    private final IdleHeap heap = new IdleHeap(16 * MB, 15 * S);

    @Test
    void aHeapGrownByABurstIsGivenBackOnceNoCollectionHappenedForTheQuietTime() {
        assertFalse(heap.shouldRelease(new Look(0, 10, 140 * MB, 50 * MB, 0)), "the first look has nothing to compare with");
        assertFalse(heap.shouldRelease(new Look(5 * S, 10, 140 * MB, 50 * MB, 0)), "5 s without a collection: not yet");
        assertFalse(heap.shouldRelease(new Look(10 * S, 10, 140 * MB, 50 * MB, 0)));
        assertTrue(heap.shouldRelease(new Look(15 * S, 10, 140 * MB, 50 * MB, 0)), "15 s without a collection: idle");
        heap.released(new Look(15 * S, 11, 70 * MB, 45 * MB, 0));
        assertFalse(heap.shouldRelease(new Look(20 * S, 11, 70 * MB, 45 * MB, 0)), "nothing grew since: no second collection");
        assertFalse(heap.shouldRelease(new Look(600 * S, 11, 70 * MB, 45 * MB, 0)), "still nothing, however long it idles");
    }

    @Test
    void theQuietTimeCountsFromTheLastCollectionSeen() {
        heap.shouldRelease(new Look(0, 10, 140 * MB, 50 * MB, 0));
        assertFalse(heap.shouldRelease(new Look(5 * S, 14, 140 * MB, 50 * MB, 0)), "young collections: busy");
        assertFalse(heap.shouldRelease(new Look(10 * S, 14, 140 * MB, 50 * MB, 0)));
        assertFalse(heap.shouldRelease(new Look(15 * S, 14, 140 * MB, 50 * MB, 0)), "10 s since the last one seen");
        assertTrue(heap.shouldRelease(new Look(20 * S, 14, 140 * MB, 50 * MB, 0)), "15 s since the last one seen");
    }

    @Test
    void aServerThatKeepsCollectingIsNeverCollectedByIt() {
        for (int i = 0; i < 100; i++) {
            assertFalse(heap.shouldRelease(new Look(i * 5 * S, i, 150 * MB, 90 * MB, 0)), "a collection in every look");
        }
    }

    @Test
    void littleGrowthIsNotWorthAPause() {
        assertFalse(quietAfterABurstSinceARelease(50, 60, 40), "10 MB more than the last baseline is under the 16 MB bar");
    }

    @Test
    void aGrownHeapIsGivenBackEvenWhenItsGarbageMakesItLookFull() {
        // measured after 1,000 runs at once: 79 MB committed, most of it in use before a collection (garbage
        // included), ~25 MB live; the rule that asked for 32 MB unused never collected it
        assertTrue(quietAfterABurstSinceARelease(46, 79, 66), "33 MB of growth since the last release");
    }

    @Test
    void growthAfterAReleaseIsGivenBackAgain() {
        heap.shouldRelease(new Look(0, 1, 140 * MB, 40 * MB, 0));
        assertTrue(heap.shouldRelease(new Look(15 * S, 1, 140 * MB, 40 * MB, 0)));
        heap.released(new Look(15 * S, 2, 60 * MB, 20 * MB, 0));
        assertFalse(heap.shouldRelease(new Look(20 * S, 9, 130 * MB, 60 * MB, 0)), "a new burst");
        assertTrue(heap.shouldRelease(new Look(35 * S, 9, 130 * MB, 60 * MB, 0)), "it grew past the last baseline and went quiet");
    }

    @Test
    void aServerWithRunsInFlightIsNotIdleHoweverLittleItCollects() {
        // 1,000 sleeping containers' runs: no collection for minutes, and a heap a full collection would pause long
        heap.shouldRelease(new Look(0, 10, 140 * MB, 50 * MB, 1000));
        for (int s = 5; s <= 300; s += 5) {
            assertFalse(heap.shouldRelease(new Look(s * S, 10, 140 * MB, 50 * MB, 1000)), "runs in flight at " + s + " s");
        }
        assertFalse(heap.shouldRelease(new Look(305 * S, 10, 140 * MB, 50 * MB, 0)), "the last run just ended");
        assertFalse(heap.shouldRelease(new Look(310 * S, 10, 140 * MB, 50 * MB, 0)), "10 s since the last look with runs");
        assertTrue(heap.shouldRelease(new Look(315 * S, 10, 140 * MB, 50 * MB, 0)), "15 s without a run or a collection");
    }

    /** A release left {@code baselineMb} committed, a burst grew it (collections), then 20 s without one: release? */
    private boolean quietAfterABurstSinceARelease(long baselineMb, long committedMb, long usedMb) {
        heap.shouldRelease(new Look(0, 1, baselineMb * MB, baselineMb * MB / 2, 0));
        heap.released(new Look(0, 2, baselineMb * MB, baselineMb * MB / 2, 0));
        heap.shouldRelease(new Look(5 * S, 90, committedMb * MB, usedMb * MB, 0));
        return heap.shouldRelease(new Look(25 * S, 90, committedMb * MB, usedMb * MB, 0));
    }
}
