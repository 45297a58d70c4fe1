package dev.gofer.sdk.config;

import java.util.Collections;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a failed task runs again. {@code attempts}: how many times it may run in all (1 to 10). The wait before
 * attempt n+1 is {@code backoff} doubled n-1 times, at most {@code maxBackoff}. Without {@code onExitCodes} any
 * non-zero exit code retries; a timeout retries only with {@code onTimeout}; a cancelled task never does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRetry(
        Integer attempts,
        String backoff,
        @JsonProperty("max_backoff") String maxBackoff,
        @JsonProperty("on_exit_codes") List<Integer> onExitCodes,
        @JsonProperty("on_timeout") Boolean onTimeout) {
    public static final int MAX_ATTEMPTS = 10;
    public static final String DEFAULT_BACKOFF = "2s";
    public static final String DEFAULT_MAX_BACKOFF = "5m";

    public TaskRetry {
        onExitCodes = onExitCodes == null ? null : Collections.unmodifiableList(new ArrayList<>(onExitCodes));
    }

    /** For Java pipeline files: {@code TaskRetry.attempts(3).backoff("5s")}. */
    public static TaskRetry attempts(int attempts) {
        return new TaskRetry(attempts, null, null, null, null);
    }

    public TaskRetry backoff(String first) {
        return new TaskRetry(attempts, first, maxBackoff, onExitCodes, onTimeout);
    }

    public TaskRetry maxBackoff(String most) {
        return new TaskRetry(attempts, backoff, most, onExitCodes, onTimeout);
    }

    public TaskRetry onExitCodes(Integer... codes) {
        return new TaskRetry(attempts, backoff, maxBackoff, List.of(codes), onTimeout);
    }

    public TaskRetry onTimeout(boolean retry) {
        return new TaskRetry(attempts, backoff, maxBackoff, onExitCodes, retry);
    }

    /** How many times the task may run in all; 1 when not set. */
    public int maxAttempts() {
        return attempts == null ? 1 : attempts;
    }

    public boolean retriesTimeouts() {
        return Boolean.TRUE.equals(onTimeout);
    }

    /** Whether a container that exited with {@code exitCode} (not 0) may run again. */
    public boolean retriesExitCode(int exitCode) {
        return onExitCodes == null || onExitCodes.isEmpty() || onExitCodes.contains(exitCode);
    }

    /** The wait after attempt {@code failed} (1-based) before the next one: backoff doubled, capped. */
    public Duration delayAfter(int failed) {
        Duration first = Durations.parse(backoff == null ? DEFAULT_BACKOFF : backoff);
        Duration most = Durations.parse(maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff);
        Duration delay = first;
        for (int i = 1; i < failed && delay.compareTo(most) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(most) > 0 ? most : delay;
    }
}
