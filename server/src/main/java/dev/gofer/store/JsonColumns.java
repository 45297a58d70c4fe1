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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Structured columns (configs, variables, reasons) are stored as JSON text. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<Variable>> VARIABLES = new TypeReference<>() {
    };

    private static final TypeReference<List<TaskAttempt>> ATTEMPTS = new TypeReference<>() {
    };

    /**
     * Columns read far more often than written and with few distinct values (a run's initiator, a status reason),
     * parsed once: every run row of a list holds one, and parsing them was about a seventh of what {@code GET run} and
     * {@code GET runs} allocated (bench/PROFILE.md, "Fifteenth session"). Their types are records, so one parsed
     * value is safely shared.
     */
    private static final int REPEATED_KEPT = 512;
    private static final Map<String, Initiator> INITIATORS = new ConcurrentHashMap<>();
    private static final Map<String, StatusReason> REASONS = new ConcurrentHashMap<>();
    /** The variables column of a run or task that has none. */
    private static final String NO_VARIABLES = "[]";

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
        if (NO_VARIABLES.equals(json)) {
            return List.of();
        }
        try {
            return List.copyOf(MAPPER.readValue(json, VARIABLES)); // immutable: runs read may be shared (ReadCache)
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
        return repeated(REASONS, json, StatusReason.class);
    }

    static Initiator initiator(String json) {
        return repeated(INITIATORS, json, Initiator.class);
    }

    /** {@code json} parsed, or the value parsed from the same text before; at most {@link #REPEATED_KEPT} kept. */
    private static <T> T repeated(Map<String, T> parsed, String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        T known = parsed.get(json);
        if (known != null) {
            return known;
        }
        T value = read(json, type);
        if (parsed.size() >= REPEATED_KEPT) {
            parsed.clear(); // a new set of values: the next reads refill it
        }
        parsed.put(json, value);
        return value;
    }
}
