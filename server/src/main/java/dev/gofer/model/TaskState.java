package dev.gofer.model;

import java.util.Locale;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a task execution is in its life: processing (being prepared), waiting (for its parents or
 * the scheduler), running (its container started), complete. A task that never gets a container
 * (skipped, cancelled while waiting, failed to start) goes straight from waiting to complete.
 */
public enum TaskState {
    PROCESSING, WAITING, RUNNING, COMPLETE;

    private static final Map<TaskState, Set<TaskState>> NEXT = Map.of(
            PROCESSING, EnumSet.of(WAITING, COMPLETE),
            WAITING, EnumSet.of(RUNNING, COMPLETE),
            RUNNING, EnumSet.of(WAITING, COMPLETE),
            COMPLETE, EnumSet.noneOf(TaskState.class));

    public boolean canMoveTo(TaskState next) {
        return NEXT.get(this).contains(next);
    }

    /** The lower-case spelling the API and the store use, formed once. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }
}
