package dev.gofer.runs;

import dev.gofer.metrics.GoferMetrics;
import dev.gofer.store.Store;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** What every {@link RunDriver} of this server shares. {@code shuttingDown}: new containers are left for the next start. */
record RunServices(Store store, Containers containers, RunResources resources, LongSupplier clock,
                   Duration stopGrace, TaskContainers taskContainers, BooleanSupplier shuttingDown,
                   RunControls controls, Timers timers, GoferMetrics metrics) {
}
