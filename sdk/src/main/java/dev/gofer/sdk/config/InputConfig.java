package dev.gofer.sdk.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One declared run input of a pipeline: a run variable with a type. A run start is checked against the pipeline's
 * inputs ({@link InputCheck}); the value reaches every task as the environment variable {@code name}.
 *
 * @param type         {@code string}, {@code number}, {@code boolean} or {@code choice} (then {@code choices} is required)
 * @param defaultValue fills the input when a run does not give it (null = none); values are text, as variables are
 * @param required     the run must give it (a required input has no default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputConfig(String name, String type, String description,
                          @JsonProperty("default") String defaultValue, boolean required, List<String> choices) {
    public static final String STRING = "string";
    public static final String NUMBER = "number";
    public static final String BOOLEAN = "boolean";
    public static final String CHOICE = "choice";
    public static final List<String> TYPES = List.of(STRING, NUMBER, BOOLEAN, CHOICE);

    public InputConfig {
        description = description == null ? "" : description;
        // nulls are kept so the validator can name them
        choices = choices == null ? null : Collections.unmodifiableList(new ArrayList<>(choices));
    }

    public static InputConfig string(String name, String description) {
        return new InputConfig(name, STRING, description, null, false, null);
    }

    public static InputConfig number(String name, String description) {
        return new InputConfig(name, NUMBER, description, null, false, null);
    }

    public static InputConfig bool(String name, String description) {
        return new InputConfig(name, BOOLEAN, description, null, false, null);
    }

    public static InputConfig choice(String name, String description, String... choices) {
        return new InputConfig(name, CHOICE, description, null, false, List.of(choices));
    }

    /** This input with a default value. */
    public InputConfig withDefault(String value) {
        return new InputConfig(name, type, description, value, required, choices);
    }

    /** This input, required: every run must give it. */
    public InputConfig asRequired() {
        return new InputConfig(name, type, description, defaultValue, true, choices);
    }
}
