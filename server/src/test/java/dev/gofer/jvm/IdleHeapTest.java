package dev.gofer.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.jvm.IdleHeap.Look;
import org.junit.jupiter.api.Test;

class IdleHeapTest {
    private static final long MB = 1024 * 1024;
    private final IdleHeap heap = new IdleHeap(16 * MB);

    @Test
    void aHeapGrownByABurstIsGivenBackOnceTheServerIsQuiet() {
        assertFalse(heap.shouldRelease(new Look(10, 140 * MB, 50 * MB)), "the first look has nothing to compare with");
        assertTrue(heap.shouldRelease(new Look(10, 140 * MB, 50 * MB)), "no collection for a whole interval: idle");
        heap.released(new Look(11, 70 * MB, 45 * MB));
        assertFalse(heap.shouldRelease(new Look(11, 70 * MB, 45 * MB)), "nothing grew since: no second collection");
        assertFalse(heap.shouldRelease(new Look(11, 70 * MB, 45 * MB)), "still nothing, however long it idles");
    }

    @Test
    void aServerThatCollectsIsBusyAndIsLeftAlone() {
        heap.shouldRelease(new Look(10, 140 * MB, 50 * MB));
        assertFalse(heap.shouldRelease(new Look(14, 140 * MB, 50 * MB)), "young collections in the interval: busy");
        assertFalse(heap.shouldRelease(new Look(20, 150 * MB, 90 * MB)));
        assertTrue(heap.shouldRelease(new Look(20, 150 * MB, 90 * MB)), "quiet again");
    }

    @Test
    void littleGrowthIsNotWorthAPause() {
        heap.shouldRelease(new Look(1, 60 * MB, 30 * MB));
        heap.shouldRelease(new Look(1, 60 * MB, 30 * MB));
        heap.released(new Look(2, 50 * MB, 25 * MB));
        heap.shouldRelease(new Look(5, 60 * MB, 40 * MB));
        assertFalse(heap.shouldRelease(new Look(5, 60 * MB, 40 * MB)), "10 MB more than the last baseline is under the 16 MB bar");
    }

    @Test
    void aGrownHeapIsGivenBackEvenWhenItsGarbageMakesItLookFull() {
        // measured after 1,000 runs at once: 79 MB committed, most of it in use before a collection (garbage
        // included), ~30 MB live; the rule that asked for 32 MB unused never collected it
        heap.shouldRelease(new Look(3, 46 * MB, 20 * MB));
        heap.shouldRelease(new Look(3, 46 * MB, 20 * MB));
        heap.released(new Look(7, 46 * MB, 20 * MB));
        heap.shouldRelease(new Look(90, 79 * MB, 66 * MB));
        assertTrue(heap.shouldRelease(new Look(90, 79 * MB, 66 * MB)), "33 MB of growth since the last release");
    }

    @Test
    void growthAfterAReleaseIsGivenBackAgain() {
        heap.shouldRelease(new Look(1, 140 * MB, 40 * MB));
        assertTrue(heap.shouldRelease(new Look(1, 140 * MB, 40 * MB)));
        heap.released(new Look(2, 60 * MB, 20 * MB));
        assertFalse(heap.shouldRelease(new Look(9, 130 * MB, 60 * MB)), "a new burst");
        assertTrue(heap.shouldRelease(new Look(9, 130 * MB, 60 * MB)), "it grew past the last baseline and went quiet");
    }
}
