package dev.gofer.sdk.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Gofer, shared by pipeline configs ({@code timeout}, {@code run_timeout}, {@code retry})
 * and extension settings (the interval extension's {@code every}): ISO-8601 ({@code PT90S}) or the short form
 * {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 1d}.
 */
public final class Durations {
    /** Shown in every error, so a wrong value is fixed in one go. */
    public static final String ALLOWED = "use e.g. 90s, 5m, 1h30m or ISO-8601 like PT5M";
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the value and the allowed forms */
    public static Duration parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("is not a duration; " + ALLOWED);
        }
        String v = value.trim();
        if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(value);
            }
        }
        Matcher m = SIMPLE.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        try {
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                end = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(value);
        }
        if (end == 0 || end != v.length()) {
            throw bad(value);
        }
        return total;
    }

    /** A duration that must be more than zero, e.g. a timeout. */
    public static Duration parsePositive(String value) {
        Duration d = parse(value);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' must be more than zero; " + ALLOWED);
        }
        return d;
    }

    /** Short form for messages: {@code 1h30m}, {@code 2s}, {@code 500ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            sb.append(d.toMillisPart()).append("ms");
        }
        return sb.toString();
    }

    private static IllegalArgumentException bad(String value) {
        return new IllegalArgumentException("'" + value + "' is not a duration; " + ALLOWED);
    }
}
