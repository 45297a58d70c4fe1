package dev.gofer.cli.common;

import java.util.Locale;

/** Epoch-millisecond times and durations as people read them: {@code 12s ago}, {@code 1.2s}, {@code 3m05s}. */
public final class HumanTime {
    private HumanTime() {
    }

    /** {@code "-"} for 0 (the API's "not set"). */
    public static String ago(long epochMillis, long nowMillis) {
        if (epochMillis <= 0) {
            return "-";
        }
        long seconds = Math.max(0, (nowMillis - epochMillis) / 1000);
        if (seconds < 1) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86_400 + "d ago";
    }

    public static String duration(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long seconds = ms / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    /** How long something that started at {@code started} ran, or has been running; {@code "-"} if not started. */
    public static String span(long started, long ended, long nowMillis) {
        if (started <= 0) {
            return "-";
        }
        return duration((ended > 0 ? ended : nowMillis) - started);
    }
}
