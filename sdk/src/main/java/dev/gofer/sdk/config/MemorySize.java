package dev.gofer.sdk.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as Docker writes them: {@code 256m}, {@code 1g}, {@code 512k}, plain bytes; also {@code 256Mi}, {@code 1Gi}. */
public final class MemorySize {
    /** Docker refuses a container memory limit below 6 MB. */
    public static final long MIN_BYTES = 6L * 1024 * 1024;
    public static final String ALLOWED = "use e.g. 256m, 1g or 512Mi (at least 6m)";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|ki|m|mb|mi|g|gb|gi)?");

    private MemorySize() {
    }

    /** Bytes; @throws IllegalArgumentException naming the value and the allowed forms */
    public static long parse(String value) {
        Matcher m = value == null ? null : SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a memory size; " + ALLOWED);
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long scale = switch (unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), scale);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is too large a memory size; " + ALLOWED);
        }
    }

    /** Short form for messages: {@code 256m}, {@code 1g}, or bytes. */
    public static String format(long bytes) {
        long g = 1024L * 1024 * 1024;
        long m = 1024L * 1024;
        if (bytes % g == 0) {
            return bytes / g + "g";
        }
        if (bytes % m == 0) {
            return bytes / m + "m";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : Long.toString(bytes);
    }
}
