package dev.gofer.model;

/** How a run ended; {@code UNKNOWN} until it is complete. */
public enum RunStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
