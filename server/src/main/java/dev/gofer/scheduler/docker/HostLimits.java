package dev.gofer.scheduler.docker;

import com.github.dockerjava.api.model.HostConfig;
import dev.gofer.scheduler.ContainerSpec;

/** A task's CPU and memory limits as Docker takes them (NanoCpus, Memory). */
final class HostLimits {
    private HostLimits() {
    }

    static HostConfig of(ContainerSpec.Limits limits) {
        HostConfig host = HostConfig.newHostConfig();
        if (limits.cpus() != null) {
            host.withNanoCPUs(Math.round(limits.cpus() * 1_000_000_000d));
        }
        if (limits.memoryBytes() != null) {
            // swap as large as the memory: the limit is a hard one, a task past it is killed rather than swapped out
            host.withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes());
        }
        return host;
    }
}
