package dev.gofer.extensions;

/**
 * Counts the Info health checks a running extension missed in a row; {@link #ALLOWED_MISSES} of them mean it
 * stopped answering and is restarted. One answer clears the count.
 */
final class HealthChecks {
    static final int ALLOWED_MISSES = 3;
    private int missed;

    /** Records one check; true when the extension has now missed enough in a row to be restarted. */
    boolean record(boolean answered) {
        missed = answered ? 0 : missed + 1;
        return missed >= ALLOWED_MISSES;
    }

    void reset() {
        missed = 0;
    }
}
