package dev.gofer.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import dev.gofer.config.Setting;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code service start} has one flag per setting, built from {@link ServerSettings#SETTINGS}; only flags the user
 * typed reach the settings, so env vars and the settings file still apply to the rest.
 */
class StartServiceTest {
    private static final String KEY_HEX = "74657374206b6579206f6620676f6665722074657374732c206e6f7420736563";

    @Test
    void noFlagsMeansNoOverrides() {
        assertEquals(new JsonObject(), parse().flags());
    }

    @Test
    void everySettingHasItsFlagAndNothingElseIsASettingFlag() {
        CommandLine cli = new CommandLine(new StartService());
        Set<String> flags = cli.getCommandSpec().options().stream().map(OptionSpec::longestName).collect(Collectors.toSet());
        for (Setting s : ServerSettings.SETTINGS) {
            assertTrue(flags.contains(s.flag()), "setting " + s.key() + " has no flag " + s.flag() + " in " + flags);
        }
        flags.removeAll(ServerSettings.SETTINGS.stream().map(Setting::flag).toList());
        assertEquals(Set.of("--settings", "--config", "--exit-when-ready", "--help", "--version"), flags);
    }

    /** Each flag, given a value its setting accepts, reaches ServerSettings as exactly that setting and that value. */
    @Test
    void everyFlagValueReachesItsSetting() {
        for (Setting s : ServerSettings.SETTINGS) {
            String value = sampleValue(s);
            JsonObject flags = parse(s.flag(), value).flags();
            assertEquals(new JsonObject().put(s.key(), value), flags, s.flag());
            ServerSettings settings = ServerSettings.fromJson(flags);
            assertTrue(settings.toString().contains("\"" + s.key() + "\":\"" + (s.secret() ? "***" : value) + "\""),
                    s.flag() + " did not reach the settings: " + settings);
        }
    }

    @Test
    void typedFlagsArriveAsTheirTypedSettings() {
        ServerSettings settings = ServerSettings.fromJson(parse("--port", "9090", "--data-dir", "/tmp/gofer",
                "--task-stop-timeout", "3", "--docker-host", "tcp://127.0.0.1:2375", "--bind-address", "127.0.0.1",
                "--install-std-extensions", "false", "--std-extensions-image", "registry.example/gofer:1.2",
                "--event-retention", "7d", "--encryption-key", KEY_HEX).flags());
        assertEquals(9090, settings.port());
        assertEquals(Path.of("/tmp/gofer").toAbsolutePath(), settings.dataDir());
        assertEquals(Duration.ofSeconds(3), settings.taskStopTimeout());
        assertEquals("tcp://127.0.0.1:2375", settings.dockerHost());
        assertEquals("127.0.0.1", settings.bindAddress());
        assertFalse(settings.installStdExtensions());
        assertEquals("registry.example/gofer:1.2", settings.stdExtensionsImage());
        assertEquals(Duration.ofDays(7), settings.retention().events());
        EncryptionKey key = settings.encryptionKey();
        assertEquals(KEY_HEX, HexFormat.of().formatHex(key.bytes()));
    }

    @Test
    void aSwitchAloneMeansTrueAndDevIsDevelopmentMode() {
        assertEquals(new JsonObject().put("development_mode", "true"), parse("--dev").flags());
        assertEquals(new JsonObject().put("development_mode", "true"), parse("--development-mode").flags());
        assertEquals(new JsonObject().put("development_mode", "false"), parse("--development-mode", "false").flags());
        assertEquals(new JsonObject().put("development_mode", "true").put("port", "0"), parse("--dev", "--port", "0").flags());
        assertTrue(ServerSettings.fromJson(parse("--dev").flags()).developmentMode());
    }

    @Test
    void theSettingsFileHasItsOwnFlagAndTheOldConfigStillWorks() {
        assertEquals(Path.of("gofer.yaml"), parse("--settings", "gofer.yaml").settingsFile());
        assertNull(parse().settingsFile());
        StringWriter err = new StringWriter();
        StartService old = new StartService();
        CommandLine cli = new CommandLine(old);
        cli.setErr(new PrintWriter(err, true));
        cli.parseArgs("--config", "gofer.yaml");
        assertEquals(Path.of("gofer.yaml"), old.settingsFile());
        assertTrue(err.toString().contains("deprecated, use --settings"), err.toString());
        assertThrows(ParameterException.class, () -> parse("--config", "a.yaml", "--settings", "b.yaml").settingsFile());
    }

    /** The encryption key never shows in help, not even after it was given, nor in the settings' toString. */
    @Test
    void secretsAreNeverEchoed() {
        StartService command = parse("--encryption-key", KEY_HEX);
        String help = command.spec.commandLine().getUsageMessage();
        assertFalse(help.contains(KEY_HEX), help);
        assertTrue(help.contains("--encryption-key") && help.contains("GOFER_ENCRYPTION_KEY"), help);
        ServerSettings settings = ServerSettings.fromJson(command.flags());
        assertNotNull(settings.encryptionKey());
        assertFalse(settings.toString().contains(KEY_HEX), settings.toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.fromJson(parse("--encryption-key", "not-a-key-at-all-but-secret").flags()));
        assertFalse(bad.getMessage().contains("not-a-key-at-all-but-secret"), bad.getMessage());
    }

    @Test
    void helpShowsEachSettingsFlagEnvVarKeyAndDefault() {
        String help = new CommandLine(new StartService()).getUsageMessage();
        for (Setting s : ServerSettings.SETTINGS) {
            assertTrue(help.contains(s.flag() + "=" + s.valueLabel()) || help.contains(s.flag() + "[=" + s.valueLabel()),
                    "no " + s.flag() + " in\n" + help);
            assertTrue(help.contains(s.env()), "no " + s.env() + " in\n" + help);
        }
        assertTrue(help.contains("config key task_stop_timeout"), help);
        assertTrue(help.contains("default: unix:///var/run/docker.sock"), help);
    }

    /**
     * A value {@code s} accepts that is not its default: the first of a few typical values that ServerSettings takes,
     * so a setting added later needs no case here unless none of them fits.
     */
    private static String sampleValue(Setting s) {
        if (s == Setting.OBJECT_STORE) {
            return "filesystem"; // its other value, s3, needs a bucket too
        }
        List<String> candidates = s.secret() ? List.of(KEY_HEX) : s.kind() == Setting.Kind.SWITCH ? List.of("false", "true")
                : List.of("7", "x", "cancel", "kubernetes", "http://gofer.internal:8080", "90s", "512m");
        for (String candidate : candidates) {
            if (candidate.equals(s.defaultValue())) {
                continue;
            }
            try {
                ServerSettings.fromJson(new JsonObject().put(s.key(), candidate));
                return candidate;
            } catch (IllegalArgumentException refused) {
                // try the next
            }
        }
        return fail("none of " + candidates + " is a value setting " + s.key() + " accepts: add one to sampleValue");
    }

    private static StartService parse(String... args) {
        StartService command = new StartService();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
