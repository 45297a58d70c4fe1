package dev.gofer.api;

import java.util.ArrayList;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gofer.config.TaskLimits;
import dev.gofer.model.GoferException;
import dev.gofer.sdk.config.ConfigProblem;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.PipelineConfigValidator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the body of {@code POST .../configs} into a valid {@link PipelineConfig}, or refuses it whole
 * with every problem named by its field path (e.g. {@code config.tasks[1].depends_on.build}).
 */
final class ConfigRequest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

    private ConfigRequest() {
    }

    static PipelineConfig parse(String body, String pathPipelineId) {
        return parse(body, pathPipelineId, TaskLimits.NONE);
    }

    /** {@code limits}: what goes beyond the server's maximums is refused too. */
    static PipelineConfig parse(String body, String pathPipelineId, TaskLimits limits) {
        JsonNode root;
        try {
            root = STRICT.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw GoferException.invalid("request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject() || !root.has("config") || !root.get("config").isObject()) {
            throw GoferException.invalid("config: is required: the body must be {\"config\": {\"id\": ..., \"name\": ..., \"tasks\": [...]}}");
        }
        PipelineConfig config;
        try {
            config = STRICT.treeToValue(root.get("config"), PipelineConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw GoferException.invalid(path(e) + ": unknown field; known fields here are "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw GoferException.invalid(path(e) + ": " + firstLine(why));
        } catch (JsonProcessingException e) {
            throw GoferException.invalid("config: " + e.getOriginalMessage());
        }
        List<ConfigProblem> problems = new ArrayList<>(PipelineConfigValidator.validate(config));
        if (problems.isEmpty()) {
            problems.addAll(limits.check(config));
        }
        if (config.id() != null && !config.id().equals(pathPipelineId)) {
            problems.add(0, new ConfigProblem("id", "'" + config.id() + "' does not match the pipeline id in the URL '" + pathPipelineId + "'"));
        }
        if (!problems.isEmpty()) {
            throw GoferException.invalid("invalid pipeline config: " + problems.stream()
                    .map(p -> "config." + p).collect(Collectors.joining("; ")));
        }
        return config;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("config");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "has the wrong type";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
