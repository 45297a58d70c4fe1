package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gofer.sdk.config.ConfigProblem;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.PipelineConfigValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a pipeline file (.yaml/.yml, .json, or a .java program that prints the JSON) into the config JSON the API
 * takes. The file is checked with the SDK's validator first, so mistakes are reported by field before any request.
 */
final class PipelineFile {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PipelineFile() {
    }

    /** @param progress where a Java pipeline program's stderr goes while it runs */
    static ObjectNode read(Path file, PrintWriter progress) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("pipeline file " + file + " does not exist; pass a .yaml, .json or .java file,"
                    + " e.g. `gofer pipeline deploy examples/hello.yaml`");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonNode tree;
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            tree = parse(new YAMLMapper(), file, readText(file), "YAML");
        } else if (name.endsWith(".json")) {
            tree = parse(new ObjectMapper(), file, readText(file), "JSON");
        } else if (name.endsWith(".java")) {
            String printed = JavaPipelineProgram.run(file, progress);
            tree = parse(new ObjectMapper(), file, printed, "JSON (as printed on stdout by the program)");
        } else {
            throw new IllegalArgumentException("cannot tell what kind of pipeline file " + file
                    + " is; name it .yaml, .yml, .json or .java");
        }
        return toConfigJson(file, tree);
    }

    /** Binds the tree to the SDK model (catching unknown and mistyped fields), validates it, and writes it back out. */
    static ObjectNode toConfigJson(Path file, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("invalid pipeline config in " + file
                    + ": expected an object with id, name and tasks at the top level");
        }
        PipelineConfig config;
        try {
            config = STRICT.treeToValue(tree, PipelineConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("invalid pipeline config in " + file + ": " + fieldPath(e)
                    + ": unknown field; known fields here are " + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("invalid pipeline config in " + file + ": " + fieldPath(e) + ": "
                    + firstLine(rootMessage(e)), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid pipeline config in " + file + ": " + firstLine(e.getOriginalMessage()), e);
        }
        List<ConfigProblem> problems = PipelineConfigValidator.validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid pipeline config in " + file + ": "
                    + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        return STRICT.valueToTree(config);
    }

    private static JsonNode parse(ObjectMapper mapper, Path file, String text, String format) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new IllegalArgumentException(file + " is not valid " + format + where + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Jackson's reference path as a config path, e.g. {@code tasks[0].depends_on.greet}. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    /** Our own enum parser's message ("'x' is not one of any, success, failure") beats Jackson's wrapper text. */
    private static String rootMessage(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t != e && t.getMessage() != null) {
            return t.getMessage();
        }
        return e.getOriginalMessage();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
