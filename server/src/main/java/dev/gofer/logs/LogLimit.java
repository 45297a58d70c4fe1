package dev.gofer.logs;

import java.nio.charset.StandardCharsets;

/**
 * The cap on one task's stored log (setting {@code task_log_limit}): how much of new output still fits, and the
 * one-line marker written once when output is cut. The task itself is not touched: it keeps running.
 */
final class LogLimit {
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    private final long limit;

    LogLimit(long limit) {
        this.limit = limit;
    }

    /** The log was cut: it holds more than the limit, which only the marker makes it do. */
    boolean reached(long stored) {
        return stored > limit;
    }

    /** How many of {@code length} new bytes fit in a log holding {@code stored} bytes (0 once it is full). */
    int fits(long stored, int length) {
        return (int) Math.max(0, Math.min(length, limit - stored));
    }

    /** The marker line; {@code midLine}: the kept output ends inside a line, so the marker starts a new one. */
    byte[] marker(boolean midLine) {
        return ((midLine ? "\n" : "") + "[gofer: log truncated at " + describe(limit)
                + " (setting task_log_limit); the task kept running]\n").getBytes(StandardCharsets.UTF_8);
    }

    static String describe(long bytes) {
        if (bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        return bytes % KB == 0 ? bytes / KB + " KB" : bytes + " bytes";
    }
}
