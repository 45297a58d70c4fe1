package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import dev.gofer.model.Variable;
import dev.gofer.sdk.config.InputConfig;
import dev.gofer.sdk.config.PipelineConfig;
import dev.gofer.sdk.config.TaskConfig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A run's variables against its pipeline's inputs: the check every run start and retry goes through, without Vert.x. */
@DisplayName("Run inputs at run start")
class RunInputsTest {
    private static final PipelineConfig DEPLOY = PipelineConfig.builder("deploy", "Deploy")
            .task(TaskConfig.builder("ship", "busybox:latest"))
            .input(InputConfig.choice("TARGET", "where to deploy", "staging", "prod").withDefault("staging"))
            .input(InputConfig.number("REPLICAS", "how many").withDefault("3"))
            .input(InputConfig.bool("DRY_RUN", "").withDefault("false"))
            .input(InputConfig.string("TICKET", "change ticket").asRequired())
            .input(InputConfig.string("NOTE", ""))
            .build();

    private static Variable given(String key, String value) {
        return new Variable(key, value, Variable.RUN_OPTIONS);
    }

    private static String refused(List<Variable> vars) {
        return assertThrows(GoferException.class, () -> RunInputs.resolve(DEPLOY, vars)).getMessage();
    }

    @Test
    @DisplayName("defaults fill what is not given (source pipeline_config); what is given keeps its source; no default, no variable")
    void defaultsFill() {
        List<Variable> out = RunInputs.resolve(DEPLOY, List.of(given("TICKET", "CH-1"), given("REPLICAS", "5")));
        assertEquals(List.of(given("TICKET", "CH-1"), given("REPLICAS", "5"),
                new Variable("TARGET", "staging", Variable.PIPELINE_CONFIG),
                new Variable("DRY_RUN", "false", Variable.PIPELINE_CONFIG)), out);
    }

    @Test
    @DisplayName("a pipeline without inputs takes any variable, untouched")
    void noInputs() {
        PipelineConfig plain = PipelineConfig.builder("plain", "Plain").task(TaskConfig.builder("a", "busybox")).build();
        List<Variable> vars = List.of(given("ANYTHING", "goes"));
        assertSame(vars, RunInputs.resolve(plain, vars));
    }

    @Test
    @DisplayName("a missing required input is refused naming it, what it takes and how to give it")
    void missingRequired() {
        assertEquals("inputs.TICKET: is required and was not given (a string: change ticket); give it as a variable,"
                + " e.g. --var TICKET=value", refused(List.of()));
        assertTrue(refused(List.of(given("TICKET", ""))).startsWith("inputs.TICKET: is required and must not be empty"));
    }

    @Test
    @DisplayName("a value of the wrong type or outside the choices is refused naming the input, the value and what is allowed")
    void wrongValues() {
        assertEquals("inputs.REPLICAS: must be a number (e.g. 3, -1 or 2.5), got 'many' (a number: how many)",
                refused(List.of(given("TICKET", "x"), given("REPLICAS", "many"))));
        assertEquals("inputs.DRY_RUN: must be true or false, got 'yes' (true or false)",
                refused(List.of(given("TICKET", "x"), given("DRY_RUN", "yes"))));
        assertEquals("inputs.TARGET: must be one of staging, prod, got 'qa'",
                refused(List.of(given("TICKET", "x"), given("TARGET", "qa"))));
    }

    @Test
    @DisplayName("an undeclared variable is refused, saying the pipeline takes only its inputs; its value is never shown")
    void undeclared() {
        String message = refused(List.of(given("TICKET", "x"), given("API_KEY", "s3cr3t")));
        assertEquals("variables.API_KEY: pipeline 'deploy' declares inputs, and API_KEY is not one of them; its inputs are"
                + " TARGET, REPLICAS, DRY_RUN, TICKET, NOTE (a pipeline with inputs takes only those)", message);
        assertFalse(message.contains("s3cr3t"));
    }

    @Test
    @DisplayName("a string input's value is never shown, even when refused")
    void stringValuesNotShown() {
        String message = assertThrows(GoferException.class, () -> RunInputs.resolve(DEPLOY,
                List.of(given("TICKET", "x"), given("NOTE", "sec\0ret")))).getMessage();
        assertTrue(message.startsWith("inputs.NOTE: the value contains a NUL character"), message);
        assertFalse(message.contains("sec"));
    }

    @Test
    @DisplayName("a retry's variables (given and defaulted, from the original) pass again unchanged")
    void retryVariablesPass() {
        List<Variable> first = RunInputs.resolve(DEPLOY, List.of(given("TICKET", "CH-2")));
        assertEquals(first, RunInputs.resolve(DEPLOY, first));
    }
}
