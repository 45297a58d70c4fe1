package dev.gofer.sdk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline's {@code inputs}: declarations the validator takes and refuses, and what a value of each type is. */
@DisplayName("Run inputs in the pipeline config")
class InputsValidationTest {
    private static final ObjectMapper STRICT = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static PipelineConfig.Builder pipeline() {
        return PipelineConfig.builder("deploy", "Deploy").task(TaskConfig.builder("ship", "busybox:latest"));
    }

    private static PipelineConfig withInputs(InputConfig... inputs) {
        return new PipelineConfig("deploy", "Deploy", "", 0, List.of(TaskConfig.builder("ship", "busybox").build()),
                null, 0, null, false, null, Arrays.asList(inputs));
    }

    private static void assertOnlyProblem(PipelineConfig config, String field, String fragment) {
        List<ConfigProblem> problems = PipelineConfigValidator.validate(config);
        assertEquals(List.of(field), problems.stream().map(ConfigProblem::field).toList(), "problems: " + problems);
        assertTrue(problems.get(0).message().contains(fragment), problems.get(0).message());
    }

    @Test
    @DisplayName("the builder takes each type; the JSON round trip keeps them, with 'default' as the field name")
    void builderAndRoundTrip() throws Exception {
        PipelineConfig config = pipeline()
                .input(InputConfig.choice("TARGET", "where to deploy", "staging", "prod").withDefault("staging"))
                .input(InputConfig.number("REPLICAS", "how many").withDefault("3"))
                .input(InputConfig.bool("DRY_RUN", "only print").withDefault("false"))
                .input(InputConfig.string("TICKET", "change ticket").asRequired())
                .build();

        String json = config.toJson();
        PipelineConfig read = STRICT.readValue(json, PipelineConfig.class);

        assertTrue(json.contains("\"default\" : \"staging\"") && json.contains("\"choices\" : [ \"staging\", \"prod\" ]"), json);
        assertEquals(config, read);
        assertEquals(4, read.inputs().size());
    }

    @Test
    @DisplayName("a config without inputs has none, prints none, and the 5-argument constructor still works")
    void noInputs() throws Exception {
        PipelineConfig read = STRICT.readValue("{\"id\": \"deploy\", \"name\": \"Deploy\", \"tasks\": [{\"id\": \"a\", \"image\": \"busybox\"}]}",
                PipelineConfig.class);
        assertEquals(List.of(), read.inputs());
        assertTrue(!pipeline().build().toJson().contains("inputs"));
        assertEquals(List.of(), new PipelineConfig("abc", "A", "", 0, List.of(TaskConfig.builder("a", "busybox").build())).inputs());
    }

    @Test
    @DisplayName("YAML-style scalars for default (a number, a boolean) are read as their text")
    void scalarDefaultsAreText() throws Exception {
        PipelineConfig read = STRICT.readValue("""
                {"id": "deploy", "name": "Deploy", "tasks": [{"id": "a", "image": "busybox"}],
                 "inputs": [{"name": "N", "type": "number", "default": 3}, {"name": "B", "type": "boolean", "default": true}]}
                """, PipelineConfig.class);
        assertEquals("3", read.inputs().get(0).defaultValue());
        assertEquals("true", read.inputs().get(1).defaultValue());
        assertEquals(List.of(), PipelineConfigValidator.validate(read));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1X", "A-B", "", "HAS SPACE"})
    @DisplayName("a name that is no environment variable name is refused")
    void badNames(String name) {
        assertOnlyProblem(withInputs(new InputConfig(name, "string", "", null, false, null)), "inputs[0].name",
                name.isEmpty() ? "is required" : "not a valid environment variable name");
    }

    @Test
    @DisplayName("duplicate names, GOFER_ names, unknown or missing types are refused naming the input")
    void namesAndTypes() {
        assertOnlyProblem(withInputs(InputConfig.string("A", ""), InputConfig.number("A", "")), "inputs[1].name", "duplicate input 'A'");
        assertOnlyProblem(withInputs(InputConfig.string("GOFER_RUN_ID", "")), "inputs[0].name", "Gofer's own variables");
        assertOnlyProblem(withInputs(new InputConfig("A", "int", "", null, false, null)), "inputs[0].type",
                "'int' is not a type; one of string, number, boolean, choice");
        assertOnlyProblem(withInputs(new InputConfig("A", null, "", null, false, null)), "inputs[0].type", "is required");
        assertOnlyProblem(withInputs((InputConfig) null), "inputs[0]", "is null");
    }

    @Test
    @DisplayName("choice needs choices (non-empty, unique); other types take none")
    void choices() {
        assertOnlyProblem(withInputs(new InputConfig("T", "choice", "", null, false, null)), "inputs[0].choices", "is required for type choice");
        assertOnlyProblem(withInputs(new InputConfig("T", "choice", "", null, false, List.of())), "inputs[0].choices", "is required for type choice");
        assertOnlyProblem(withInputs(InputConfig.choice("T", "", "a", "a")), "inputs[0].choices[1]", "duplicate choice 'a'");
        assertOnlyProblem(withInputs(InputConfig.choice("T", "", "a", "")), "inputs[0].choices[1]", "non-empty");
        assertOnlyProblem(withInputs(new InputConfig("T", "string", "", null, false, List.of("a"))), "inputs[0].choices",
                "only type choice takes choices");
    }

    @Test
    @DisplayName("a default must fit its type and choices, and a required input takes none")
    void defaults() {
        assertOnlyProblem(withInputs(InputConfig.number("N", "").withDefault("three")), "inputs[0].default", "must be a number");
        assertOnlyProblem(withInputs(InputConfig.bool("B", "").withDefault("yes")), "inputs[0].default", "must be true or false, got 'yes'");
        assertOnlyProblem(withInputs(InputConfig.choice("T", "", "a", "b").withDefault("c")), "inputs[0].default", "must be one of a, b, got 'c'");
        assertOnlyProblem(withInputs(InputConfig.string("S", "").withDefault("x").asRequired()), "inputs[0].default", "a required input takes no default");
    }

    @Test
    @DisplayName("the builder refuses a bad declaration with the validator's message")
    void builderRefuses() {
        InvalidPipelineConfigException e = assertThrows(InvalidPipelineConfigException.class,
                () -> pipeline().input(InputConfig.choice("T", "")).build());
        assertTrue(e.getMessage().contains("inputs[0].choices"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3", "-1", "2.5", "1e6", "-0.5E-3"})
    @DisplayName("numbers as JSON writes them fit a number input")
    void numbers(String value) {
        assertNull(InputCheck.problem(InputConfig.number("N", ""), value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 3", "3 ", "01", "1,5", "0x10", "NaN", "Infinity", "+1", "1."})
    @DisplayName("anything else does not")
    void notNumbers(String value) {
        assertTrue(InputCheck.problem(InputConfig.number("N", ""), value).startsWith("must be a number"));
    }

    @Test
    @DisplayName("booleans are exactly true or false; control characters in a shown value are escaped")
    void booleans() {
        assertNull(InputCheck.problem(InputConfig.bool("B", ""), "true"));
        assertNull(InputCheck.problem(InputConfig.bool("B", ""), "false"));
        assertEquals("must be true or false, got 'TRUE'", InputCheck.problem(InputConfig.bool("B", ""), "TRUE"));
        assertEquals("must be true or false, got 'a\\u000ab'", InputCheck.problem(InputConfig.bool("B", ""), "a\nb"));
    }
}
