package dev.gofer.model;

import java.util.Locale;

/** How a task execution ended; {@code UNKNOWN} until it is complete. */
public enum TaskStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED, SKIPPED;

    /** The lower-case spelling the API and the store use, formed once. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
