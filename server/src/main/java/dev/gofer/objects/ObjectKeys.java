package dev.gofer.objects;

import dev.gofer.model.PathKeys;

/** Object keys follow the rule for keys in URL paths ({@link PathKeys}): "." and ".." are refused. */
public final class ObjectKeys {
    public static final int MAX_LENGTH = PathKeys.MAX_LENGTH;

    private ObjectKeys() {
    }

    public static String check(String key) {
        return PathKeys.check(key, "object key");
    }
}
