package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gofer.scheduler.ContainerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container an extension gets: the extension contract's environment, names and labels. */
class ExtensionContainerSpecTest {
    private static final ExtensionContainerSpec.Placement PLACEMENT = new ExtensionContainerSpec.Placement(
            Map.of("gofer.instance", "abc"), "abc", "172.17.0.1:8081", "http://172.17.0.1:8080", "gofer:latest");

    private static ExtensionRegistration reg(String image, Map<String, String> settings) {
        return new ExtensionRegistration("tick", image, null, settings, ExtensionRegistration.ENABLED, 1, 1);
    }

    @Test
    void theContainerGetsItsIdKeyHostAndSettings() {
        ContainerSpec spec = ExtensionContainerSpec.of(reg("my/ext:1", Map.of("min_interval", "1s")), "the-key", PLACEMENT);
        assertEquals("gofer_abc_extension_tick", spec.name());
        assertEquals("my/ext:1", spec.image());
        assertEquals(Map.of("GOFER_EXTENSION_SETTING_MIN_INTERVAL", "1s", "GOFER_EXTENSION_SYSTEM_ID", "tick",
                "GOFER_EXTENSION_SYSTEM_KEY", "the-key", "GOFER_EXTENSION_SYSTEM_GOFER_HOST", "172.17.0.1:8081",
                "GOFER_API_URL", "http://172.17.0.1:8080", "GOFER_EXTENSION_SYSTEM_BIND_ADDRESS", "0.0.0.0:8082"), spec.env());
        assertEquals(Map.of("gofer.instance", "abc", "gofer.extension", "tick"), spec.labels());
        assertNull(spec.command(), "an extension's own image runs its own entrypoint");
    }

    @Test
    void aSettingCannotOverwriteTheKey() {
        // a setting named SYSTEM_KEY becomes GOFER_EXTENSION_SETTING_SYSTEM_KEY, never GOFER_EXTENSION_SYSTEM_KEY
        ContainerSpec spec = ExtensionContainerSpec.of(reg("my/ext:1", Map.of("extension_key", "forged")), "the-key", PLACEMENT);
        assertEquals("the-key", spec.env().get("GOFER_EXTENSION_SYSTEM_KEY"));
        assertEquals("forged", spec.env().get("GOFER_EXTENSION_SETTING_EXTENSION_KEY"));
    }

    @Test
    void aStandardExtensionRunsFromTheGoferImageWithASmallHeap() {
        ContainerSpec spec = ExtensionContainerSpec.of(reg("gofer:latest", Map.of()), "k", PLACEMENT);
        assertEquals(List.of("extension", "run", "tick"), spec.command());
        assertEquals(ExtensionContainerSpec.STD_JAVA_OPTS, spec.env().get("GOFER_JAVA_OPTS"));
    }
}
