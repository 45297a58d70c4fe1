package dev.gofer.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import dev.gofer.runs.TaskInputs.Placeholder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholderTest {
    @Test
    void onlyAWholeValueIsAPlaceholder() {
        assertEquals(Optional.of(new Placeholder("pipeline_secret", "DB_PASS")), Placeholder.parse("pipeline_secret{{DB_PASS}}"));
        assertEquals(Optional.of(new Placeholder("global_secret", "K")), Placeholder.parse("  Global_Secret{{ K }} "));
        assertEquals(Optional.of(new Placeholder("run_object", "out.txt")), Placeholder.parse("run_object{{out.txt}}"));
        assertEquals(Optional.of(new Placeholder("pipeline_object", "cache")), Placeholder.parse("pipeline_object{{cache}}"));
        assertTrue(Placeholder.parse("x pipeline_secret{{A}}").isEmpty());
        assertTrue(Placeholder.parse("pipeline_secret{{A}} tail").isEmpty());
        assertTrue(Placeholder.parse("secret{{A}}").isEmpty());
        assertTrue(Placeholder.parse("plain").isEmpty());
    }

    @Test
    void objectKeysAreBounded() {
        assertEquals("a.B_c-1", ObjectKeys.check("a.B_c-1"));
        for (String bad : new String[]{"", ".", "..", "a/b", "a b", "é", "x".repeat(129)}) {
            assertThrows(GoferException.class, () -> ObjectKeys.check(bad), bad);
        }
    }
}
