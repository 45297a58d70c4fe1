package dev.gofer.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only flags the user typed reach the settings, so env vars and the config file still apply to the rest. */
class StartServiceTest {
    @Test
    void noFlagsMeansNoOverrides() {
        assertEquals(new JsonObject(), parse());
    }

    @Test
    void givenFlagsAreKeyedLikeTheConfigFile() {
        JsonObject flags = parse("--port", "9090", "--data-dir", "/tmp/gofer", "--task-stop-timeout", "3",
                "--docker-host", "tcp://127.0.0.1:2375", "--bind-address", "127.0.0.1");
        assertEquals(new JsonObject()
                .put("bind_address", "127.0.0.1")
                .put("port", 9090)
                .put("data_dir", Path.of("/tmp/gofer").toString())
                .put("docker_host", "tcp://127.0.0.1:2375")
                .put("task_stop_timeout", 3), flags);
    }

    @Test
    void theStandardExtensionsImageFlagIsTheSetting() {
        assertEquals(new JsonObject().put("std_extensions_image", "registry.example/gofer:1.2"),
                parse("--std-extensions-image", "registry.example/gofer:1.2"));
        // the setting exists, so ServerSettings takes it (a flag for a missing setting would be refused)
        assertEquals("registry.example/gofer:1.2", dev.gofer.config.ServerSettings.fromJson(
                parse("--std-extensions-image", "registry.example/gofer:1.2")).stdExtensionsImage());
    }

    private static JsonObject parse(String... args) {
        StartService command = new StartService();
        new CommandLine(command).parseArgs(args);
        return command.flags();
    }
}
