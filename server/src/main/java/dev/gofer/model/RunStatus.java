package dev.gofer.model;

import java.util.Locale;

/** How a run ended; {@code UNKNOWN} until it is complete. */
public enum RunStatus {
    UNKNOWN, SUCCESSFUL, FAILED, CANCELLED;

    /** The lower-case spelling the API and the store use, formed once. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
