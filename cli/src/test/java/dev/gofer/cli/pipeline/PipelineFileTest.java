package dev.gofer.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML, JSON and Java pipeline files all become the same config JSON the API takes. */
class PipelineFileTest {
    @TempDir
    Path dir;

    private final StringWriter progress = new StringWriter();

    @Test
    void theHelloExampleIsADagOfTwoParallelTasksAndASummary() {
        ObjectNode config = PipelineFile.read(Path.of("../examples/hello.yaml"), new PrintWriter(progress));
        assertEquals("hello", config.path("id").asText());
        JsonNode tasks = config.path("tasks");
        assertEquals(3, tasks.size());
        assertEquals("busybox:latest", tasks.get(0).path("image").asText());
        JsonNode summary = tasks.get(2);
        assertEquals("summary", summary.path("id").asText());
        assertEquals("success", summary.path("depends_on").path("greet").asText());
        assertEquals("success", summary.path("depends_on").path("count").asText());
        assertEquals("world", tasks.get(0).path("variables").path("WHO").asText());
    }

    @Test
    void jsonAndYamlGiveTheSameConfigWithDefaultsFilledIn() throws IOException {
        Path yaml = Files.writeString(dir.resolve("p.yml"), """
                id: same
                name: Same
                tasks:
                  - id: a
                    image: busybox:latest
                    depends_on: {}
                  - id: b
                    image: busybox:latest
                    depends_on: {a: Success}
                """);
        Path json = Files.writeString(dir.resolve("p.json"), """
                {"id": "same", "name": "Same", "tasks": [
                  {"id": "a", "image": "busybox:latest"},
                  {"id": "b", "image": "busybox:latest", "depends_on": {"a": "success"}}]}
                """);
        ObjectNode fromYaml = PipelineFile.read(yaml, new PrintWriter(progress));
        ObjectNode fromJson = PipelineFile.read(json, new PrintWriter(progress));
        assertEquals(fromYaml, fromJson);
        assertEquals(0, fromJson.path("parallelism").asLong());
        assertEquals("", fromJson.path("description").asText());
        assertTrue(fromJson.path("tasks").get(0).has("always_pull_newest_image"));
    }

    @Test
    void aJavaPipelineFileIsRunAndItsStdoutRead() throws IOException {
        Path program = Files.writeString(dir.resolve("Hi.java"), """
                import dev.gofer.sdk.config.PipelineConfig;
                import dev.gofer.sdk.config.TaskConfig;

                public class Hi {
                    public static void main(String[] args) {
                        System.err.println("assembling the pipeline");
                        PipelineConfig.builder("from-java", "From Java")
                                .task(TaskConfig.builder("a", "busybox:latest").command("sh", "-c", "echo hi"))
                                .finish();
                    }
                }
                """);
        ObjectNode config = PipelineFile.read(program, new PrintWriter(progress));
        assertEquals("from-java", config.path("id").asText());
        assertEquals("echo hi", config.path("tasks").get(0).path("command").get(2).asText());
        assertTrue(progress.toString().contains("assembling the pipeline"), "stderr is passed through: " + progress);
    }
}
