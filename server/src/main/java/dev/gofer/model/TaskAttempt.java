package dev.gofer.model;

/** One earlier attempt of a task that was retried: its number (1-based), when its container ran, how it ended. */
public record TaskAttempt(int attempt, long started, long ended, Integer exitCode, StatusReason statusReason) {
}
