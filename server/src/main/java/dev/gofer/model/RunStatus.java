package dev.gofer.model;

import java.util.Locale;

/** How a run ended; {@code UNKNOWN} until it is complete. */
public enum RunStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
