package dev.gofer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.model.Initiator;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskAttempt;
import dev.gofer.model.Variable;
import java.util.List;

/** Structured columns (configs, variables, reasons) are stored as JSON text. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<Variable>> VARIABLES = new TypeReference<>() {
    };

    private static final TypeReference<List<TaskAttempt>> ATTEMPTS = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable JSON", e);
        }
    }

    static List<Variable> variables(String json) {
        try {
            return MAPPER.readValue(json, VARIABLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored variables are not readable JSON", e);
        }
    }

    static List<TaskAttempt> attempts(String json) {
        try {
            return json == null ? List.of() : MAPPER.readValue(json, ATTEMPTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attempts are not readable JSON", e);
        }
    }

    static StatusReason reason(String json) {
        return read(json, StatusReason.class);
    }

    static Initiator initiator(String json) {
        return read(json, Initiator.class);
    }
}
