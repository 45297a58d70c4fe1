package dev.gofer.sdk.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one task's container may use: {@code cpus} (0.5 = half a core) and {@code memory} ({@code 256m}); a
 * container that goes past its memory is killed and the task fails with reason {@code oom_killed}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResources(Double cpus, String memory) {
    /** Bytes, or null when no memory limit is set. */
    public Long memoryBytes() {
        return memory == null ? null : MemorySize.parse(memory);
    }
}
