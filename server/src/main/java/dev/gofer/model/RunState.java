package dev.gofer.model;

import java.util.Locale;

/** Where a run is in its life. Moves only forward: pending, then running, then complete. */
public enum RunState {
    PENDING, RUNNING, COMPLETE;

    public boolean canMoveTo(RunState next) {
        return next.ordinal() > ordinal();
    }

    /** The lower-case spelling the API and the store use, formed once. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
