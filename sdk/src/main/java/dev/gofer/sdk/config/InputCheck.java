package dev.gofer.sdk.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a value fits a declared input: shared by the validator (defaults) and the server (run starts), so both
 * word a wrong value alike. Values are text, as run variables are.
 */
public final class InputCheck {
    /** A decimal number as JSON writes one: 3, -1, 2.5, 1e6. */
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private InputCheck() {
    }

    /** @return what is wrong with {@code value} for {@code input}, or null when it fits */
    public static String problem(InputConfig input, String value) {
        if (value == null) {
            return "must be a " + input.type();
        }
        return switch (input.type() == null ? "" : input.type()) {
            case InputConfig.NUMBER -> NUMBER.matcher(value).matches() ? null
                    : "must be a number (e.g. 3, -1 or 2.5), got '" + shown(value) + "'";
            case InputConfig.BOOLEAN -> value.equals("true") || value.equals("false") ? null
                    : "must be true or false, got '" + shown(value) + "'";
            case InputConfig.CHOICE -> input.choices() != null && input.choices().contains(value) ? null
                    : "must be one of " + (input.choices() == null ? "[]" : String.join(", ", input.choices()))
                            + ", got '" + shown(value) + "'";
            default -> value.indexOf('\0') >= 0 ? "the value contains a NUL character; values may hold any text except NUL (U+0000)" : null;
        };
    }

    /** A value as it can be shown in a message: control characters escaped, long values cut. */
    public static String shown(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > 64 ? out + "..." : out.toString();
    }
}
