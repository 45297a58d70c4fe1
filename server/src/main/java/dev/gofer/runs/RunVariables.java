package dev.gofer.runs;

import dev.gofer.model.GoferException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a run's variables may hold, checked when the run starts (from the API or an extension), so a variable the
 * container engine cannot take is refused with a 400 instead of failing the run later. The same name rule as a
 * config's task variables. Errors name the variable, never its value (it may be a secret).
 */
public final class RunVariables {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_NAME = 256;

    private RunVariables() {
    }

    /** @throws GoferException (INVALID) for the first variable that cannot become an environment variable */
    public static void check(Map<String, String> variables) {
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || key.length() > MAX_NAME || !NAME.matcher(key).matches()) {
                throw GoferException.invalid("variables: '" + printable(key) + "' is not a valid variable name;"
                        + " names are letters, digits and '_', not starting with a digit, at most " + MAX_NAME + " characters");
            }
            if (value == null) {
                throw GoferException.invalid("variables." + key + ": must be a string");
            }
            if (value.indexOf('\0') >= 0) {
                throw GoferException.invalid("variables." + key + ": the value contains a NUL character;"
                        + " values may hold any text except NUL (U+0000)");
            }
            if (key.equals("PATH") && value.isBlank()) {
                throw GoferException.invalid("variables.PATH: must not be empty (the container could not find its command);"
                        + " leave PATH out to keep the image's own, or give a list of directories like /usr/local/bin:/usr/bin:/bin");
            }
        }
    }

    /** A name as it can be shown in a message: control characters escaped, long names cut. */
    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length() && i < 64; i++) {
            char c = key.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return key.length() > 64 ? out + "..." : out.toString();
    }
}
