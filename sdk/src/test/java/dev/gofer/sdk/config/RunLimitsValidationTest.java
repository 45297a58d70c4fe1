package dev.gofer.sdk.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline's run limits: {@code max_concurrent_runs}, {@code concurrency_group}, {@code cancel_in_progress}. */
@DisplayName("Run limits in the pipeline config")
class RunLimitsValidationTest {
    private static PipelineConfig.Builder pipeline() {
        return PipelineConfig.builder("deploy", "Deploy").task(TaskConfig.builder("ship", "busybox:latest"));
    }

    private static void assertOnlyProblem(PipelineConfig config, String field, String fragment) {
        List<ConfigProblem> problems = PipelineConfigValidator.validate(config);
        assertEquals(List.of(field), problems.stream().map(ConfigProblem::field).toList(), "problems: " + problems);
        assertTrue(problems.get(0).message().contains(fragment), problems.get(0).message());
    }

    @Test
    @DisplayName("a cap, a group and cancel_in_progress are valid, and survive the JSON round trip with snake_case names")
    void validAndRoundTrips() throws Exception {
        PipelineConfig config = pipeline().maxConcurrentRuns(2).concurrencyGroup("prod-deploy").cancelInProgress(true).build();

        String json = config.toJson();
        PipelineConfig read = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(json, PipelineConfig.class);

        assertTrue(json.contains("\"max_concurrent_runs\" : 2") && json.contains("\"concurrency_group\" : \"prod-deploy\"")
                && json.contains("\"cancel_in_progress\" : true"), json);
        assertEquals(config, read);
    }

    @Test
    @DisplayName("JSON without the fields means no cap, no group")
    void absentMeansNoLimit() throws Exception {
        PipelineConfig read = new ObjectMapper().readValue(
                "{\"id\": \"deploy\", \"name\": \"Deploy\", \"tasks\": [{\"id\": \"a\", \"image\": \"busybox\"}]}", PipelineConfig.class);

        assertEquals(0, read.maxConcurrentRuns());
        assertEquals(null, read.concurrencyGroup());
        assertEquals(List.of(), PipelineConfigValidator.validate(read));
    }

    @Test
    @DisplayName("a negative max_concurrent_runs is refused naming the field and what is allowed")
    void negativeCap() {
        assertOnlyProblem(new PipelineConfig("deploy", "Deploy", "", 0,
                List.of(TaskConfig.builder("a", "busybox").build()), null, -1, null, false, null),
                "max_concurrent_runs", "must be 0 (no cap) or a positive number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Prod", "-prod", "prod deploy", "prod_deploy", "a-very-long-group-name-that-is-longer-than-32"})
    @DisplayName("a concurrency_group that is not a valid id is refused naming the field and the allowed characters")
    void invalidGroup(String group) {
        assertOnlyProblem(new PipelineConfig("deploy", "Deploy", "", 0,
                List.of(TaskConfig.builder("a", "busybox").build()), null, 0, group, false, null),
                "concurrency_group", "lowercase letters, digits and hyphens");
    }

    @Test
    @DisplayName("cancel_in_progress without a group is refused: there is nothing to cancel")
    void cancelWithoutGroup() {
        assertOnlyProblem(new PipelineConfig("deploy", "Deploy", "", 0,
                List.of(TaskConfig.builder("a", "busybox").build()), null, 0, null, true, null),
                "cancel_in_progress", "needs a concurrency_group");
    }

    @Test
    @DisplayName("the builder refuses what the validator refuses")
    void builderRefuses() {
        InvalidPipelineConfigException e = assertThrows(InvalidPipelineConfigException.class,
                () -> pipeline().concurrencyGroup("No Spaces").build());
        assertTrue(e.getMessage().contains("concurrency_group"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -3, 1_000_001})
    @DisplayName("keep_runs outside 1 to 1,000,000 is refused naming the field and what is allowed")
    void keepRunsOutOfRange(long keep) {
        assertOnlyProblem(new PipelineConfig("deploy", "Deploy", "", 0,
                List.of(TaskConfig.builder("a", "busybox").build()), null, 0, null, false, keep),
                "keep_runs", "must be 1 to 1000000");
    }

    @Test
    @DisplayName("keep_runs from the builder reaches the config, and is left out of the JSON when unset")
    void keepRunsFromTheBuilder() {
        assertEquals(Long.valueOf(5), pipeline().keepRuns(5).build().keepRuns());
        assertFalse(pipeline().build().toJson().contains("keep_runs"));
    }
}
