package dev.gofer.extension.sdk;

import dev.gofer.sdk.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Settings as given by the user, with parsers whose errors name the setting. Keys are case-insensitive. */
public final class Settings {
    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.values.putAll(values);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> ExtensionException.invalid("setting '" + key + "' is required"));
    }

    public Duration duration(String key, Duration dflt) {
        return optional(key).map(v -> parseDuration(key, v)).orElse(dflt);
    }

    public Duration requiredDuration(String key) {
        return parseDuration(key, required(key));
    }

    /** ISO-8601 ({@code PT90S}) or the short form {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 1d}: {@link Durations}. */
    public static Duration parseDuration(String key, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw badDuration(key, value);
        }
    }

    private static ExtensionException badDuration(String key, String value) {
        return ExtensionException.invalid("setting '" + key + "': '" + value
                + "' is not a duration; use e.g. 90s, 5m, 1h30m or ISO-8601 like PT90S");
    }
}
