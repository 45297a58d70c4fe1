package dev.gofer.objects;

import dev.gofer.model.GoferException;
import java.util.regex.Pattern;

/** Object keys: letters, digits, '.', '_' and '-', 1 to 128 characters; "." and ".." are refused (they name folders). */
public final class ObjectKeys {
    public static final int MAX_LENGTH = 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private ObjectKeys() {
    }

    public static String check(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            String shown = key == null ? "" : key.length() > 40 ? key.substring(0, 40) + "..." : key;
            throw GoferException.invalid("key: '" + shown + "' is not a valid object key; use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-' (not '.' or '..')");
        }
        return key;
    }
}
