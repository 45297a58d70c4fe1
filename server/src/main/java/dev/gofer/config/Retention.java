package dev.gofer.config;

import dev.gofer.sdk.config.Durations;
import java.time.Duration;
import java.util.function.Function;

/**
 * How long Gofer keeps what only grows (settings {@code event_retention}, {@code event_prune_interval},
 * {@code run_retention}, {@code keep_runs}, {@code run_prune_interval}); events and runs read alike: an age
 * ({@code 183d}, {@code 30d}) and the seconds between runs of the job that prunes them.
 *
 * @param runRetention zero = finished runs are kept whatever their age
 * @param keepRuns     finished runs kept per pipeline that sets no {@code keep_runs}; 0 = any number
 */
public record Retention(Duration events, Duration eventPruneInterval, Duration runRetention, int keepRuns,
                        Duration runPruneInterval) {

    /** @param setting the raw value of a setting; errors name the setting */
    static Retention parse(Function<Setting, String> setting) {
        return new Retention(age(setting, Setting.EVENT_RETENTION, false), seconds(setting, Setting.EVENT_PRUNE_INTERVAL, 1),
                age(setting, Setting.RUN_RETENTION, true), (int) number(setting, Setting.KEEP_RUNS, 0),
                seconds(setting, Setting.RUN_PRUNE_INTERVAL, 1));
    }

    private static Duration age(Function<Setting, String> setting, Setting which, boolean emptyMeansNone) {
        String v = setting.apply(which).trim();
        if (v.isEmpty() && emptyMeansNone) {
            return Duration.ZERO;
        }
        try {
            return Durations.parsePositive(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + which.key() + ": " + e.getMessage() + (emptyMeansNone ? " (empty = none)" : ""));
        }
    }

    private static Duration seconds(Function<Setting, String> setting, Setting which, int min) {
        return Duration.ofSeconds(number(setting, which, min));
    }

    private static long number(Function<Setting, String> setting, Setting which, int min) {
        String v = setting.apply(which).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("setting " + which.key() + " must be a whole number of " + min + " or more, got '" + v + "'");
    }
}
