package dev.gofer.auth;

import java.util.Locale;

/** What a route does to its resources; spelled as in the contract's {@code Action}. */
public enum Action {
    READ, WRITE, DELETE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null when {@code s} is not one of read, write, delete. */
    public static Action parse(String s) {
        for (Action a : values()) {
            if (a.wire().equals(s)) {
                return a;
            }
        }
        return null;
    }
}
