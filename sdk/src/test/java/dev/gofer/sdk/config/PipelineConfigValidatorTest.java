package dev.gofer.sdk.config;

import static dev.gofer.sdk.config.RequiredParentStatus.ANY;
import static dev.gofer.sdk.config.RequiredParentStatus.FAILURE;
import static dev.gofer.sdk.config.RequiredParentStatus.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PipelineConfigValidator#validate(PipelineConfig)} lists everything wrong with a pipeline config as
 * (field, message) pairs, so the API and the SDK builder can tell the user exactly what to fix.
 */
@DisplayName("Pipeline config validation")
class PipelineConfigValidatorTest {

    private static TaskConfig.Builder task(String id) {
        return TaskConfig.builder(id, "busybox:latest");
    }

    private static PipelineConfig pipeline(TaskConfig.Builder... tasks) {
        return new PipelineConfig("hello-world", "Hello world", "", 0,
                java.util.Arrays.stream(tasks).map(TaskConfig.Builder::build).toList());
    }

    private static PipelineConfig pipeline(String id, String name, long parallelism, TaskConfig.Builder... tasks) {
        return new PipelineConfig(id, name, "", parallelism,
                java.util.Arrays.stream(tasks).map(TaskConfig.Builder::build).toList());
    }

    /** Asserts the config has exactly one problem, on {@code field}, whose message contains {@code fragment}. */
    private static ConfigProblem assertOnlyProblem(PipelineConfig config, String field, String fragment) {
        List<ConfigProblem> problems = PipelineConfigValidator.validate(config);
        assertEquals(List.of(field), problems.stream().map(ConfigProblem::field).toList(), "problems: " + problems);
        ConfigProblem problem = problems.get(0);
        assertTrue(problem.message().contains(fragment),
                "message of " + field + " should contain \"" + fragment + "\" but was: " + problem.message());
        return problem;
    }

    /** A realistic pipeline using every feature, which must pass. */
    private static PipelineConfig.Builder fullPipeline() {
        return PipelineConfig.builder("build-and-ship", "Build and ship")
                .description("builds, tests and ships")
                .parallelism(2)
                .task(task("checkout").variable("GIT_REF", "main").variable("_DEPTH", "1"))
                .task(task("test").dependsOn("checkout", SUCCESS).script("  make test\n"))
                .task(task("lint").dependsOn("checkout", SUCCESS).entrypoint("/bin/lint").command("--strict"))
                .task(task("publish").dependsOn("test", SUCCESS).dependsOn("lint", SUCCESS)
                        .registryAuth("bot", "s3cret").injectApiToken(true).alwaysPullNewestImage(true))
                .task(task("notify").dependsOn("publish", ANY))
                .task(task("rollback").dependsOn("publish", FAILURE));
    }

    // ---- valid configs ------------------------------------------------------------------------

    @Nested
    @DisplayName("valid configs")
    class Valid {

        @Test
        @DisplayName("a pipeline using every feature has no problems")
        void fullPipelineIsValid() {
            PipelineConfig config = new PipelineConfig("build-and-ship", "Build and ship", "", 2,
                    fullPipeline().build().tasks());

            assertEquals(List.of(), PipelineConfigValidator.validate(config));
        }

        @Test
        @DisplayName("a single task with only id and image is enough")
        void minimalPipelineIsValid() {
            assertEquals(List.of(), PipelineConfigValidator.validate(pipeline(task("a"))));
        }

        @Test
        @DisplayName("a diamond (two paths to the same ancestor) is not mistaken for a cycle")
        void diamondIsNotACycle() {
            PipelineConfig config = pipeline(
                    task("a"),
                    task("b").dependsOn("a", SUCCESS),
                    task("c").dependsOn("a", SUCCESS),
                    task("d").dependsOn("b", SUCCESS).dependsOn("c", SUCCESS));

            assertEquals(List.of(), PipelineConfigValidator.validate(config));
        }

        @ParameterizedTest(name = "pipeline id \"{0}\" is accepted")
        @ValueSource(strings = {"abc", "hello-world", "9lives", "a-b", "abcdefghijklmnopqrstuvwxyz012345"})
        @DisplayName("pipeline ids of 3-32 lowercase letters, digits and hyphens are accepted")
        void validPipelineIds(String id) {
            assertEquals(List.of(), PipelineConfigValidator.validate(pipeline(id, "Name", 0, task("a"))));
        }

        @Test
        @DisplayName("parallelism 0 means no limit and is valid")
        void zeroParallelismIsValid() {
            assertEquals(List.of(), PipelineConfigValidator.validate(pipeline("abc", "Name", 0, task("a"))));
        }
    }

    // ---- pipeline fields ----------------------------------------------------------------------

    @Nested
    @DisplayName("pipeline fields")
    class PipelineFields {

        @Test
        @DisplayName("an id shorter than 3 characters is rejected")
        void idTooShort() {
            assertOnlyProblem(pipeline("ab", "Name", 0, task("a")), "id", "3-32 characters");
        }

        @Test
        @DisplayName("an id longer than 32 characters is rejected")
        void idTooLong() {
            assertOnlyProblem(pipeline("a".repeat(33), "Name", 0, task("a")), "id", "3-32 characters");
        }

        @ParameterizedTest(name = "pipeline id \"{0}\" is rejected")
        @ValueSource(strings = {"HelloWorld", "hello_world", "hello world", "-hello", "héllo"})
        @DisplayName("an id with uppercase, underscores, spaces, a leading hyphen or non-ASCII is rejected")
        void idWithBadCharacters(String id) {
            ConfigProblem problem = assertOnlyProblem(pipeline(id, "Name", 0, task("a")), "id",
                    "lowercase letters, digits and hyphens");
            assertTrue(problem.message().contains("'" + id + "'"), "message quotes the bad id: " + problem.message());
        }

        @Test
        @DisplayName("a missing id is required")
        void idMissing() {
            assertOnlyProblem(pipeline(null, "Name", 0, task("a")), "id", "is required");
            assertOnlyProblem(pipeline("", "Name", 0, task("a")), "id", "is required");
        }

        @Test
        @DisplayName("a missing or blank name is required")
        void nameMissing() {
            assertOnlyProblem(pipeline("abc", null, 0, task("a")), "name", "is required");
            assertOnlyProblem(pipeline("abc", "   ", 0, task("a")), "name", "is required");
        }

        @Test
        @DisplayName("negative parallelism is rejected, quoting the value")
        void negativeParallelism() {
            assertOnlyProblem(pipeline("abc", "Name", -1, task("a")), "parallelism", "got -1");
        }

        @Test
        @DisplayName("a pipeline without tasks is rejected")
        void noTasks() {
            assertOnlyProblem(pipeline("abc", "Name", 0), "tasks", "at least one task");
            assertOnlyProblem(new PipelineConfig("abc", "Name", "", 0, null), "tasks", "at least one task");
        }

        @Test
        @DisplayName("every problem is reported at once, not just the first")
        void allProblemsReported() {
            List<ConfigProblem> problems = PipelineConfigValidator.validate(
                    new PipelineConfig("X", "", "", -5, List.of(TaskConfig.builder("Bad_Id", null).build())));

            assertEquals(List.of("id", "name", "parallelism", "tasks[0].id", "tasks[0].image"),
                    problems.stream().map(ConfigProblem::field).toList());
        }
    }

    // ---- task fields --------------------------------------------------------------------------

    @Nested
    @DisplayName("task fields")
    class TaskFields {

        @ParameterizedTest(name = "task id \"{0}\" is rejected")
        @ValueSource(strings = {"Build", "unit_test", "-x", "a b"})
        @DisplayName("a task id that is not lowercase letters, digits and hyphens is rejected")
        void invalidTaskId(String id) {
            assertOnlyProblem(pipeline(task("ok"), task(id)), "tasks[1].id", "lowercase letters, digits and hyphens");
        }

        @Test
        @DisplayName("a one-character task id is fine, 33 characters is too long")
        void taskIdLength() {
            assertEquals(List.of(), PipelineConfigValidator.validate(pipeline(task("a"))));
            assertOnlyProblem(pipeline(task("t".repeat(33))), "tasks[0].id", "1-32 characters");
        }

        @Test
        @DisplayName("a missing task id is required")
        void missingTaskId() {
            assertOnlyProblem(pipeline(task(null)), "tasks[0].id", "is required");
        }

        @Test
        @DisplayName("a duplicate task id is reported on the second task, naming the id")
        void duplicateTaskId() {
            assertOnlyProblem(pipeline(task("build"), task("test"), task("build")), "tasks[2].id", "duplicate task id 'build'");
        }

        @Test
        @DisplayName("a task without image is rejected")
        void missingImage() {
            assertOnlyProblem(pipeline(task("a"), TaskConfig.builder("b", null)), "tasks[1].image", "is required");
            assertOnlyProblem(pipeline(TaskConfig.builder("a", " ")), "tasks[0].image", "is required");
        }

        @ParameterizedTest(name = "variable key \"{0}\" is rejected")
        @ValueSource(strings = {"MY-VAR", "1ST", "HAS SPACE", ""})
        @DisplayName("a variable key that is not a valid environment variable name is rejected")
        void invalidVariableKey(String key) {
            assertOnlyProblem(pipeline(task("a").variable("OK_1", "x").variable(key, "x")),
                    "tasks[0].variables." + key, "not a valid environment variable name");
        }
    }

    // ---- dependencies -------------------------------------------------------------------------

    @Nested
    @DisplayName("dependencies")
    class Dependencies {

        @Test
        @DisplayName("depending on an unknown task is reported on that edge, naming the parent")
        void unknownParent() {
            assertOnlyProblem(pipeline(task("build"), task("deploy").dependsOn("biuld", SUCCESS)),
                    "tasks[1].depends_on.biuld", "unknown parent task 'biuld'");
        }

        @Test
        @DisplayName("a parent may be declared after its child in the task list")
        void parentLaterInList() {
            assertEquals(List.of(), PipelineConfigValidator.validate(
                    pipeline(task("deploy").dependsOn("build", SUCCESS), task("build"))));
        }

        @Test
        @DisplayName("a task cannot depend on itself")
        void selfDependency() {
            assertOnlyProblem(pipeline(task("a"), task("b").dependsOn("b", ANY)),
                    "tasks[1].depends_on.b", "cannot depend on itself");
        }

        @Test
        @DisplayName("an edge without a condition is rejected, listing the allowed conditions")
        void missingCondition() {
            assertOnlyProblem(pipeline(task("a"), task("b").dependsOn("a", null)),
                    "tasks[1].depends_on.a", "any, success, failure");
        }

        @Test
        @DisplayName("a 2-task cycle is reported on `tasks` with its path a -> b -> a")
        void twoNodeCycle() {
            assertOnlyProblem(pipeline(task("a").dependsOn("b", SUCCESS), task("b").dependsOn("a", SUCCESS)),
                    "tasks", "a -> b -> a");
        }

        @Test
        @DisplayName("a 3-task cycle is reported on `tasks` with its path a -> b -> c -> a")
        void threeNodeCycle() {
            assertOnlyProblem(pipeline(
                            task("a").dependsOn("b", ANY),
                            task("b").dependsOn("c", ANY),
                            task("c").dependsOn("a", ANY)),
                    "tasks", "a -> b -> c -> a");
        }

        @Test
        @DisplayName("a cycle below a root shows only the tasks in the cycle")
        void cycleBelowRoot() {
            ConfigProblem problem = assertOnlyProblem(pipeline(
                            task("root"),
                            task("x").dependsOn("root", SUCCESS).dependsOn("y", SUCCESS),
                            task("y").dependsOn("x", SUCCESS)),
                    "tasks", "x -> y -> x");
            assertFalse(problem.message().contains("root"), problem.message());
        }
    }

    // ---- RequiredParentStatus -----------------------------------------------------------------

    @Nested
    @DisplayName("dependency conditions")
    class Conditions {

        @ParameterizedTest(name = "\"{0}\" parses as ANY")
        @ValueSource(strings = {"Any", "any", "ANY"})
        @DisplayName("the contract spelling (\"Any\") and the stored spelling (\"any\") both parse")
        void parseIgnoresCase(String text) {
            assertEquals(ANY, RequiredParentStatus.parse(text));
        }

        @Test
        @DisplayName("each condition parses from its wire spelling and back")
        void wireRoundTrip() {
            for (RequiredParentStatus s : RequiredParentStatus.values()) {
                assertEquals(s, RequiredParentStatus.parse(s.wire()));
            }
            assertEquals("success", SUCCESS.wire());
            assertEquals("failure", FAILURE.wire());
        }

        @Test
        @DisplayName("an unknown condition is rejected with a message listing the allowed values")
        void badConditionListsAllowedValues() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RequiredParentStatus.parse("Sometimes"));
            assertTrue(e.getMessage().contains("'Sometimes'"), e.getMessage());
            assertTrue(e.getMessage().contains("any, success, failure"), e.getMessage());
        }
    }

    // ---- builders and JSON --------------------------------------------------------------------

    @Nested
    @DisplayName("builders and JSON")
    class BuildersAndJson {

        @Test
        @DisplayName("build() of an invalid pipeline throws InvalidPipelineConfigException listing every problem")
        void buildThrowsOnInvalidConfig() {
            PipelineConfig.Builder builder = PipelineConfig.builder("Bad_Id", "Name")
                    .task(task("a").dependsOn("missing", SUCCESS));

            InvalidPipelineConfigException e = assertThrows(InvalidPipelineConfigException.class, builder::build);

            assertEquals(List.of("id", "tasks[0].depends_on.missing"),
                    e.problems().stream().map(ConfigProblem::field).toList());
            assertTrue(e.getMessage().startsWith("invalid pipeline config: "), e.getMessage());
            assertTrue(e.getMessage().contains("id: 'Bad_Id'"), e.getMessage());
            assertTrue(e.getMessage().contains("tasks[0].depends_on.missing: unknown parent task"), e.getMessage());
        }

        @Test
        @DisplayName("build() of a cyclic pipeline throws with the cycle path")
        void buildThrowsOnCycle() {
            PipelineConfig.Builder builder = PipelineConfig.builder("abc", "Name")
                    .task(task("a").dependsOn("b", SUCCESS))
                    .task(task("b").dependsOn("a", SUCCESS));

            InvalidPipelineConfigException e = assertThrows(InvalidPipelineConfigException.class, builder::build);
            assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
        }

        @Test
        @DisplayName("the task builder keeps every field; script() runs via /bin/sh -c with the script stripped")
        void taskBuilderFields() {
            TaskConfig t = task("test").description("runs tests").dependsOn("build", SUCCESS).dependsOn("lint", ANY)
                    .variable("CI", "true").entrypoint("/entry").command("ignored").script("  make test \n")
                    .registryAuth("bot", "pw").injectApiToken(true).alwaysPullNewestImage(true).build();

            assertEquals("test", t.id());
            assertEquals("busybox:latest", t.image());
            assertEquals("runs tests", t.description());
            assertEquals(List.of("build", "lint"), List.copyOf(t.dependsOn().keySet()), "depends_on keeps order");
            assertEquals(Map.of("build", SUCCESS, "lint", ANY), t.dependsOn());
            assertEquals(Map.of("CI", "true"), t.variables());
            assertEquals(List.of("/entry"), t.entrypoint());
            assertEquals(List.of("/bin/sh", "-c", "make test"), t.command());
            assertEquals(new RegistryAuth("bot", "pw"), t.registryAuth());
            assertTrue(t.injectApiToken());
            assertTrue(t.alwaysPullNewestImage());
        }

        @Test
        @DisplayName("unset optional task fields default to empty description/maps and null commands")
        void taskDefaults() {
            TaskConfig t = task("a").build();

            assertEquals("", t.description());
            assertEquals(Map.of(), t.dependsOn());
            assertEquals(Map.of(), t.variables());
            assertNull(t.entrypoint());
            assertNull(t.command());
            assertNull(t.registryAuth());
            assertFalse(t.injectApiToken());
            assertFalse(t.alwaysPullNewestImage());
        }

        @Test
        @DisplayName("the registry password never appears in toString")
        void registryPasswordHidden() {
            assertFalse(new RegistryAuth("bot", "s3cret").toString().contains("s3cret"));
        }

        @Test
        @DisplayName("toJson() writes the contract's snake_case field names and lowercase conditions")
        void toJsonUsesSnakeCase() {
            String json = fullPipeline().build().toJson();

            for (String field : List.of("\"depends_on\"", "\"always_pull_newest_image\"", "\"inject_api_token\"",
                    "\"registry_auth\"", "\"parallelism\"", "\"tasks\"")) {
                assertTrue(json.contains(field), field + " missing in " + json);
            }
            for (String camel : List.of("dependsOn", "alwaysPullNewestImage", "injectApiToken", "registryAuth")) {
                assertFalse(json.contains(camel), camel + " must not appear in " + json);
            }
            assertTrue(json.contains("\"success\""), json);
            assertFalse(json.contains("\"SUCCESS\""), json);
        }

        @Test
        @DisplayName("toJson() reads back with Jackson into an equal PipelineConfig")
        void toJsonRoundTrips() throws Exception {
            PipelineConfig original = fullPipeline().build();

            PipelineConfig read = new ObjectMapper().readValue(original.toJson(), PipelineConfig.class);

            assertEquals(original, read);
            assertEquals(List.of(), PipelineConfigValidator.validate(read));
        }

        @Test
        @DisplayName("JSON written by hand with the contract spelling \"Any\" reads as ANY")
        void handWrittenJsonWithContractSpelling() throws Exception {
            String json = """
                    {"id": "hello", "name": "Hello", "parallelism": 0, "tasks": [
                      {"id": "a", "image": "busybox"},
                      {"id": "b", "image": "busybox", "depends_on": {"a": "Any"}}
                    ]}""";

            PipelineConfig read = new ObjectMapper().readValue(json, PipelineConfig.class);

            assertEquals(Map.of("a", ANY), read.tasks().get(1).dependsOn());
            assertEquals(List.of(), PipelineConfigValidator.validate(read));
        }
    }
}
