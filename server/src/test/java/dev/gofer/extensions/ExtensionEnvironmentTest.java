package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.Setting;
import dev.gofer.proto.ExtensionEnvironment;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The environment of an extension container is one contract ({@link ExtensionEnvironment}), shared by the server
 * and the extension SDK; each of its names means one thing. (IntervalExtensionTest checks a real container gets it.)
 */
class ExtensionEnvironmentTest {
    @Test
    void noNameMeansTwoThings() {
        Set<String> settingVars = Stream.of(Setting.values()).map(Setting::env).collect(Collectors.toSet());
        Map<String, String> system = ExtensionEnvironment.system("interval", "k", "172.17.0.1:8081", "http://172.17.0.1:8080");
        for (String name : system.keySet()) {
            assertFalse(settingVars.contains(name), name + " is also a server setting's env var");
        }
        assertFalse(system.containsKey("GOFER_HOST"), "GOFER_HOST is the CLI's API URL");
        for (String var : settingVars) {
            assertFalse(var.startsWith(ExtensionEnvironment.SYSTEM_PREFIX) || var.startsWith(ExtensionEnvironment.SETTING_PREFIX),
                    "server setting " + var + " uses a prefix of the extension environment");
        }
    }

    @Test
    void gofersVariablesForOneContainerStart() {
        Map<String, String> env = ExtensionEnvironment.system("interval", "the-key", "172.17.0.1:8081", "http://172.17.0.1:8080");
        assertEquals(Map.of("GOFER_EXTENSION_SYSTEM_ID", "interval", "GOFER_EXTENSION_SYSTEM_KEY", "the-key",
                "GOFER_EXTENSION_SYSTEM_GOFER_HOST", "172.17.0.1:8081", "GOFER_EXTENSION_SYSTEM_BIND_ADDRESS", "0.0.0.0:8082",
                "GOFER_API_URL", "http://172.17.0.1:8080"), env);
        assertEquals("GOFER_EXTENSION_SETTING_MIN_INTERVAL", ExtensionEnvironment.settingVariable("min_interval"));
    }

    @Test
    void hostPortVariablesAreReadOrRefusedByName() {
        SocketAddress v4 = ExtensionEnvironment.hostPort(ExtensionEnvironment.GOFER_HOST, "172.17.0.1:8081");
        assertEquals("172.17.0.1", v4.host());
        assertEquals(8081, v4.port());
        SocketAddress v6 = ExtensionEnvironment.hostPort(ExtensionEnvironment.GOFER_HOST, "[fd00::1]:8081");
        assertEquals("fd00::1", v6.host());
        assertEquals(8082, ExtensionEnvironment.hostPort(ExtensionEnvironment.BIND_ADDRESS, ExtensionEnvironment.DEFAULT_BIND_ADDRESS).port());
        for (String bad : new String[] {"gofer", ":8081", "gofer:http", "gofer:70000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ExtensionEnvironment.hostPort(ExtensionEnvironment.GOFER_HOST, bad), bad);
            assertTrue(e.getMessage().startsWith("GOFER_EXTENSION_SYSTEM_GOFER_HOST must be host:port"), e.getMessage());
        }
    }
}
