package dev.gofer.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The idle collections in this JVM: they run, and leave the heap's sizing flags as they found them. */
class IdleHeapReleaseTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void theLowerFreeRatiosHoldOnlyForTheIdleCollections() {
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        long before = IdleHeapRelease.look(0).collections();

        IdleHeapRelease.collectWithRatios(IdleHeapRelease.IDLE_MIN_FREE, IdleHeapRelease.IDLE_MAX_FREE);

        assertTrue(IdleHeapRelease.look(0).collections() >= before + IdleHeapRelease.COLLECTIONS,
                "the full collections ran");
        assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue(), "put back after");
        assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue(), "put back after");
    }
}
