package dev.gofer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.GoferException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code cmd} query parameters of an attach: argv, one parameter each, {@code sh} when none. */
class AttachCommandTest {
    @Test
    void repeatedCmdParametersAreTheArgvAndShIsTheDefault() {
        assertEquals(List.of("sh"), AttachRoute.command(List.of()));
        assertEquals(List.of("sh", "-c", "echo hi; cat"), AttachRoute.command(List.of("sh", "-c", "echo hi; cat")));
        assertEquals(List.of("printf", ""), AttachRoute.command(List.of("printf", "")), "later arguments may be empty");
    }

    @Test
    void badCommandsAreRefusedNamingTheArgument() {
        GoferException empty = assertThrows(GoferException.class, () -> AttachRoute.command(List.of("")));
        assertTrue(empty.getMessage().startsWith("cmd[0]: "), empty.getMessage());
        GoferException nul = assertThrows(GoferException.class, () -> AttachRoute.command(List.of("sh", "a\0b")));
        assertTrue(nul.getMessage().startsWith("cmd[1]: ") && nul.getMessage().contains("NUL"), nul.getMessage());
        GoferException many = assertThrows(GoferException.class, () -> AttachRoute.command(Collections.nCopies(65, "x")));
        assertTrue(many.getMessage().contains("at most 64"), many.getMessage());
        assertEquals(GoferException.Kind.INVALID, many.kind());
    }
}
