package dev.gofer.sdk.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a child task needs from a parent before it may start. */
public enum RequiredParentStatus {
    /** The parent finished, whatever its result (successful, failed or skipped). */
    ANY,
    /** The parent finished successfully. */
    SUCCESS,
    /** The parent failed. */
    FAILURE;

    /** Accepts the contract's request spelling ("Any") and the stored spelling ("any"). */
    @JsonCreator
    public static RequiredParentStatus parse(String text) {
        for (RequiredParentStatus s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(RequiredParentStatus::wire).collect(Collectors.joining(", "));
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
