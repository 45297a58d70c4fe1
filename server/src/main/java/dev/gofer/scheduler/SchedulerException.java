package dev.gofer.scheduler;

/** The container platform refused or could not be reached; the message says which and what to do. */
public final class SchedulerException extends Exception {
    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }

    public SchedulerException(String message) {
        super(message);
    }
}
