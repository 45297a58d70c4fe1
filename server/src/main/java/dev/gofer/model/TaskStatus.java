package dev.gofer.model;

import java.util.Locale;

/** How a task execution ended; {@code UNKNOWN} until it is complete. */
public enum TaskStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED, SKIPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
