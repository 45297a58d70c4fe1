package dev.gofer.model;

import java.util.regex.Pattern;

/**
 * The one rule for user-chosen keys that travel as a URL path segment (secret keys, object keys): 1 to
 * {@value #MAX_LENGTH} letters, digits, '.', '_' or '-', but not "." or "..", which a URL path normalises away
 * (a secret stored under ".." could never be read or deleted again). Refused at creation with a 400.
 */
public final class PathKeys {
    public static final int MAX_LENGTH = 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private PathKeys() {
    }

    /** @param what what the key names, for the message, e.g. "secret key" */
    public static String check(String key, String what) {
        if (key == null || !KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            throw GoferException.invalid("key: '" + shown(key) + "' is not a valid " + what + "; use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-' (not '.' or '..', which a URL path cannot carry)");
        }
        return key;
    }

    /** The key as a message may show it: cut to 40 characters, control characters escaped. */
    private static String shown(String key) {
        if (key == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(key.length(), 40); i++) {
            char c = key.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return key.length() > 40 ? out + "..." : out.toString();
    }
}
