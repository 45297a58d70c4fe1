package dev.gofer.extension.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void durationsInShortAndIsoForm() {
        assertEquals(Duration.ofSeconds(90), Settings.parseDuration("every", "90s"));
        assertEquals(Duration.ofMinutes(90), Settings.parseDuration("every", "1h30m"));
        assertEquals(Duration.ofMillis(500), Settings.parseDuration("every", "500ms"));
        assertEquals(Duration.ofSeconds(90), Settings.parseDuration("every", "PT90S"));
        assertEquals(Duration.ofDays(1), Settings.parseDuration("every", "1d"));
    }

    @Test
    void badDurationNamesTheSetting() {
        for (String bad : new String[] {"soon", "5", "5x", "1h 30m", "PTX", "m5"}) {
            ExtensionException e = assertThrows(ExtensionException.class, () -> Settings.parseDuration("every", bad), bad);
            assertTrue(e.getMessage().contains("'every'") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void requiredAndCaseInsensitive() {
        Settings s = new Settings(Map.of("EVERY", "5m"));
        assertEquals(Duration.ofMinutes(5), s.requiredDuration("every"));
        ExtensionException e = assertThrows(ExtensionException.class, () -> s.required("expression"));
        assertTrue(e.getMessage().contains("'expression' is required"));
    }
}
