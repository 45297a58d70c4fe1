package dev.gofer.model;

import java.util.Locale;

/** Where a run is in its life. Moves only forward: pending, then running, then complete. */
public enum RunState {
    PENDING, RUNNING, COMPLETE;

    public boolean canMoveTo(RunState next) {
        return next.ordinal() > ordinal();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
