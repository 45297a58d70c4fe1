package dev.gofer.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

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
        assertEquals("registry.example/gofer:1.2", ServerSettings.fromJson(
                parse("--std-extensions-image", "registry.example/gofer:1.2")).stdExtensionsImage());
    }

    /**
     * docs/settings.md tells users a flag is its setting's name with dashes ({@code data_dir} = {@code --data-dir}),
     * and {@code --dev} for {@code development_mode}: every setting flag of {@code service start} keeps that promise.
     */
    @Test
    void everySettingFlagIsItsSettingNameWithDashes() {
        Set<String> notSettings = Set.of("--config", "--help", "--version");
        int checked = 0;
        for (OptionSpec option : new CommandLine(new StartService()).getCommandSpec().options()) {
            String flag = option.longestName();
            if (notSettings.contains(flag)) {
                continue;
            }
            String[] args = option.arity().max() == 0 ? new String[] {flag} : new String[] {flag, sampleValue(option)};
            JsonObject flags = parse(args);
            assertEquals(1, flags.size(), flag + " should set exactly one setting, set " + flags);
            String key = flags.fieldNames().iterator().next();
            assertTrue(ServerSettings.SETTINGS.stream().anyMatch(s -> s.key().equals(key)), flag + " sets unknown " + key);
            String expected = key.equals("development_mode") ? "--dev" : "--" + key.replace('_', '-');
            assertEquals(expected, flag, "the flag of setting " + key + " (docs/settings.md promises this spelling)");
            checked++;
        }
        assertTrue(checked >= 10, "only " + checked + " setting flags found");
    }

    private static String sampleValue(OptionSpec option) {
        Class<?> type = option.type();
        if (type == Boolean.class || type == boolean.class) {
            return "true";
        }
        return Number.class.isAssignableFrom(type) || type.isPrimitive() ? "1" : "x";
    }

    private static JsonObject parse(String... args) {
        StartService command = new StartService();
        new CommandLine(command).parseArgs(args);
        return command.flags();
    }
}
