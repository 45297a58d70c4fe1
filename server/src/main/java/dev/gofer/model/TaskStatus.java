package dev.gofer.model;

/** How a task execution ended; {@code UNKNOWN} until it is complete. */
public enum TaskStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED, SKIPPED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
