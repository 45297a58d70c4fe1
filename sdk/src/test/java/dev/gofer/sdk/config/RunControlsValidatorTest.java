package dev.gofer.sdk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The run controls (timeout, run_timeout, retry, resources) as the validator and the Java builder check them. */
@DisplayName("Run controls in pipeline configs")
class RunControlsValidatorTest {

    private static PipelineConfig.Builder pipeline(TaskConfig.Builder task) {
        return PipelineConfig.builder("controls", "Controls").task(task);
    }

    private static TaskConfig.Builder task() {
        return TaskConfig.builder("t", "busybox:latest").command("true");
    }

    private static void assertOnlyProblem(PipelineConfig.Builder config, String field, String fragment) {
        InvalidPipelineConfigException e = assertThrows(InvalidPipelineConfigException.class, config::build);
        assertEquals(List.of(field), e.problems().stream().map(ConfigProblem::field).toList(), e.getMessage());
        assertTrue(e.problems().get(0).message().contains(fragment), "expected " + fragment + " in: " + e.getMessage());
    }

    @Test
    @DisplayName("every control, set through the Java builder, passes and is written to JSON in snake_case")
    void everyControlPasses() {
        PipelineConfig config = pipeline(task().timeout("90s")
                .retry(TaskRetry.attempts(3).backoff("2s").maxBackoff("1m").onExitCodes(1, 75).onTimeout(true))
                .resources(0.5, "256m")).runTimeout("1h30m").build();
        String json = config.toJson();
        assertTrue(json.contains("\"run_timeout\" : \"1h30m\""), json);
        assertTrue(json.contains("\"max_backoff\" : \"1m\"") && json.contains("\"on_exit_codes\"") && json.contains("\"on_timeout\" : true"), json);
        assertTrue(json.contains("\"memory\" : \"256m\""), json);
    }

    @Test
    @DisplayName("a config without controls writes none of their fields (older servers and tests see the same JSON)")
    void noControlsNoFields() {
        String json = pipeline(task()).build().toJson();
        assertTrue(!json.contains("timeout") && !json.contains("retry") && !json.contains("resources"), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"90s", "5m", "1h30m", "PT5M", "500ms", "1d"})
    @DisplayName("durations: the short form and ISO-8601")
    void durationsParse(String value) {
        assertTrue(Durations.parsePositive(value).compareTo(Duration.ZERO) > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "PT0S", "soon", "-5s", "5", "5 m", "1h30", ""})
    @DisplayName("zero, negative and unparseable timeouts are refused, naming the allowed forms")
    void badTimeouts(String value) {
        assertOnlyProblem(pipeline(task().timeout(value)), "tasks[0].timeout", "90s, 5m, 1h30m");
        assertOnlyProblem(pipeline(task()).runTimeout(value), "run_timeout", "90s, 5m, 1h30m");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, -1})
    @DisplayName("attempts out of 1..10 are refused")
    void attemptsOutOfRange(int attempts) {
        assertOnlyProblem(pipeline(task().retry(TaskRetry.attempts(attempts))), "tasks[0].retry.attempts", "1 to 10");
    }

    @Test
    @DisplayName("retry needs attempts; backoff not zero; max_backoff not below backoff; exit codes 1..255")
    void retryRules() {
        assertOnlyProblem(pipeline(task().retry(new TaskRetry(null, null, null, null, null))), "tasks[0].retry.attempts", "is required");
        assertOnlyProblem(pipeline(task().retry(TaskRetry.attempts(2).backoff("0s"))), "tasks[0].retry.backoff", "more than zero");
        assertOnlyProblem(pipeline(task().retry(TaskRetry.attempts(2).backoff("1m").maxBackoff("10s"))),
                "tasks[0].retry.max_backoff", "not be shorter");
        assertOnlyProblem(pipeline(task().retry(TaskRetry.attempts(2).onExitCodes(0))), "tasks[0].retry.on_exit_codes[0]", "1 to 255");
    }

    @Test
    @DisplayName("memory below 6 MB, unparseable memory and CPUs of zero or less are refused")
    void resourceRules() {
        assertOnlyProblem(pipeline(task().resources(null, "5m")), "tasks[0].resources.memory", "6m");
        assertOnlyProblem(pipeline(task().resources(null, "lots")), "tasks[0].resources.memory", "256m");
        assertOnlyProblem(pipeline(task().resources(0.0, null)), "tasks[0].resources.cpus", "more than 0");
        assertEquals(6L << 20, MemorySize.parse("6m"));
        assertEquals(1L << 30, MemorySize.parse("1Gi"));
    }

    @Test
    @DisplayName("an unknown field in retry or resources is refused by the strict reader (as the API and CLI read configs)")
    void unknownFieldsRefused() {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class,
                () -> strict.readValue("{\"attempts\": 2, \"tries\": 3}", TaskRetry.class));
        assertEquals("tries", e.getPropertyName());
        assertThrows(UnrecognizedPropertyException.class, () -> strict.readValue("{\"gpus\": 1}", TaskResources.class));
    }

    @Test
    @DisplayName("backoff doubles after each failed attempt, up to max_backoff")
    void backoffDoubles() {
        TaskRetry retry = TaskRetry.attempts(10).backoff("2s").maxBackoff("10s");
        assertEquals(List.of(2L, 4L, 8L, 10L, 10L), List.of(1, 2, 3, 4, 5).stream()
                .map(n -> retry.delayAfter(n).toSeconds()).toList());
        assertEquals(Duration.ofSeconds(2), TaskRetry.attempts(2).delayAfter(1), "2s by default");
    }
}
