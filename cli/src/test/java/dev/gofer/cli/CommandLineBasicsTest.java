package dev.gofer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.cli.GoferCli.Result;
import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI does before it ever reaches a server: help, usage errors, pipeline file checks, no server. */
class CommandLineBasicsTest {
    private final GoferCli gofer = GoferCli.offline();

    @TempDir
    Path dir;

    @Test
    void serviceStartHelpDocumentsEverySettingWithItsFlagEnvVarAndDefault() {
        Result help = gofer.run("service", "start", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        for (Setting s : ServerSettings.SETTINGS) {
            assertTrue(help.out().contains(s.flag()), "missing " + s.flag() + "\n" + help.out());
            assertTrue(help.out().contains(s.env()), "missing " + s.env() + "\n" + help.out());
            assertTrue(help.out().contains(s.key()), "missing " + s.key() + "\n" + help.out());
            assertTrue(help.out().contains("default: " + (s.defaultValue().isEmpty() ? "empty" : s.defaultValue())),
                    "missing the default of " + s.key() + "\n" + help.out());
        }
    }

    @Test
    void serviceStartFastPathHelpAndUsageErrorsMatchTheFullCommandTree() {
        String[][] argLists = {{"--help"}, {"--bogus"}, {"--port", "nope"}, {"-V"}};
        for (String[] args : argLists) {
            String[] full = new String[args.length + 2];
            full[0] = "service";
            full[1] = "start";
            System.arraycopy(args, 0, full, 2, args.length);
            Result viaTree = gofer.run(full);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine fast = Gofer.serviceStart();
            fast.setOut(new PrintWriter(out, true));
            fast.setErr(new PrintWriter(err, true));
            int exit = fast.execute(args);
            assertEquals(viaTree.exitCode(), exit, String.join(" ", args));
            assertEquals(viaTree.out(), out.toString(), String.join(" ", args));
            assertEquals(viaTree.err(), err.toString(), String.join(" ", args));
        }
        assertTrue(gofer.run("service", "start", "--bogus").err().contains("Usage: gofer service start"));
    }

    @Test
    void everyCommandsHelpShowsAnExample() {
        String[][] commands = {
                {"service", "start"}, {"pipeline", "deploy"}, {"pipeline", "list"}, {"pipeline", "get"},
                {"run", "start"}, {"run", "list"}, {"run", "get"}, {"run", "cancel"},
                {"task", "list"}, {"task", "get"}, {"task", "logs"}};
        for (String[] command : commands) {
            Result help = gofer.run(command[0], command[1], "--help");
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.out().contains("gofer " + command[0] + " " + command[1]), "no example in\n" + help.out());
        }
    }

    @Test
    void badUsageExitsWithTwoAndShowsUsage() {
        Result missingArgument = gofer.run("run", "start");
        assertEquals(2, missingArgument.exitCode(), missingArgument::toString);
        assertTrue(missingArgument.err().contains("Usage: gofer run start"), missingArgument::toString);

        Result noCommand = gofer.run("pipeline");
        assertEquals(2, noCommand.exitCode(), noCommand::toString);
        assertTrue(noCommand.err().contains("deploy"), noCommand::toString);

        Result notANumber = gofer.run("run", "get", "hello", "three");
        assertEquals(2, notANumber.exitCode(), notANumber::toString);
    }

    @Test
    void anUnreachableHostSaysHowToStartTheServer() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String host = "http://127.0.0.1:" + closedPort;
        Result result = gofer.run("pipeline", "list", "--host", host);
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("error: cannot reach Gofer at " + host + "; is the server running? Start it with `./gofer service start`"
                + " (or point --host / GOFER_HOST at it)", result.err().strip());
    }

    @Test
    void anInvalidPipelineFileIsRejectedNamingTheField() throws IOException {
        Path missingImage = write("broken.yaml", """
                id: broken
                name: Broken
                tasks:
                  - id: build
                    command: ["sh", "-c", "true"]
                """);
        Result result = gofer.run("pipeline", "deploy", missingImage.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: invalid pipeline config in " + missingImage + ": tasks[0].image: is required"),
                result::toString);
        assertEquals(1, result.err().lines().count(), "one line, no stack trace: " + result.err());
    }

    @Test
    void aMisspelledFieldIsNamedWithItsPath() throws IOException {
        Path typo = write("typo.json", """
                {"id": "typo", "name": "Typo", "tasks": [{"id": "a", "image": "busybox:latest", "dependson": {}}]}
                """);
        Result result = gofer.run("pipeline", "deploy", typo.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("tasks[0].dependson: unknown field"), result::toString);
    }

    @Test
    void aWrongDependencyConditionIsNamedWithItsPath() throws IOException {
        Path bad = write("bad.yaml", """
                id: bad-condition
                name: Bad
                tasks:
                  - {id: a, image: busybox:latest}
                  - {id: b, image: busybox:latest, depends_on: {a: sometimes}}
                """);
        Result result = gofer.run("pipeline", "deploy", bad.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("tasks[1].depends_on.a"), result::toString);
        assertTrue(result.err().contains("'sometimes' is not one of any, success, failure"), result::toString);
    }

    @Test
    void aFileThatIsNotYamlSaysWhere() throws IOException {
        Path bad = write("bad.yaml", "id: x\ntasks: [\n");
        Result result = gofer.run("pipeline", "deploy", bad.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("is not valid YAML (line"), result::toString);
    }

    @Test
    void aMissingOrUnknownKindOfFileSaysWhatIsAccepted() throws IOException {
        Result missing = gofer.run("pipeline", "deploy", dir.resolve("nope.yaml").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing::toString);

        Result unknown = gofer.run("pipeline", "deploy", write("pipeline.toml", "id = 'x'").toString());
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains(".yaml, .yml, .json or .java"), unknown::toString);
    }

    @Test
    void aJavaPipelineThatFailsShowsTheEndOfItsStderr() throws IOException {
        Path program = write("Broken.java", """
                public class Broken {
                    public static void main(String[] args) {
                        for (int i = 1; i <= 20; i++) System.err.println("progress line " + i);
                        throw new IllegalStateException("cannot build this pipeline");
                    }
                }
                """);
        Result result = gofer.run("pipeline", "deploy", program.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("failed (exit code 1)"), result::toString);
        String summary = result.err().substring(result.err().indexOf("error: "));
        assertTrue(summary.contains("cannot build this pipeline"), result::toString);
        assertTrue(!summary.contains("progress line 5\n") && summary.contains("progress line 20"),
                "only the last 15 lines belong in the error:\n" + summary);
    }

    @Test
    void aJavaPipelineThatBreaksTheRulesIsRejectedNamingTheField() throws IOException {
        Path program = write("NoImage.java", """
                import dev.gofer.sdk.config.PipelineConfig;
                import dev.gofer.sdk.config.TaskConfig;

                public class NoImage {
                    public static void main(String[] args) {
                        PipelineConfig.builder("no-image", "No image").task(TaskConfig.builder("a", "")).finish();
                    }
                }
                """);
        Result result = gofer.run("pipeline", "deploy", program.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("tasks[0].image"), result::toString);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
