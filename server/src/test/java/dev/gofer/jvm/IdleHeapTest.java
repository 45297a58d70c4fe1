package dev.gofer.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.jvm.IdleHeap.Look;
import org.junit.jupiter.api.Test;

class IdleHeapTest {
    private static final long MB = 1024 * 1024;
    private final IdleHeap heap = new IdleHeap(32 * MB);

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
        assertTrue(heap.shouldRelease(new Look(20, 150 * MB, 90 * MB)), "quiet again: 60 MB unused");
    }

    @Test
    void littleUnusedHeapIsNotWorthAPause() {
        heap.shouldRelease(new Look(3, 60 * MB, 40 * MB));
        assertFalse(heap.shouldRelease(new Look(3, 60 * MB, 40 * MB)), "20 MB unused is under the 32 MB bar");
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
