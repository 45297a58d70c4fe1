package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SerialInbox: one input at a time, in arrival order")
class SerialInboxTest {
    private final List<String> log = new ArrayList<>();

    @Test
    @DisplayName("an input offered by the handler itself waits until the current one is handled")
    void nestedOfferIsQueued() {
        SerialInbox<String>[] inbox = new SerialInbox[1];
        inbox[0] = new SerialInbox<>(input -> {
            log.add("begin " + input);
            if (input.equals("first")) {
                inbox[0].offer("second");
                inbox[0].offer("third");
            }
            log.add("end " + input);
        });

        inbox[0].offer("first");

        assertEquals(List.of("begin first", "end first", "begin second", "end second", "begin third", "end third"), log);
    }

    @Test
    @DisplayName("a handler that throws does not stop later inputs from being handled")
    void keepsWorkingAfterAFailure() {
        SerialInbox<String> inbox = new SerialInbox<>(input -> {
            if (input.equals("bad")) {
                throw new IllegalStateException("bad input");
            }
            log.add(input);
        });

        assertThrows(IllegalStateException.class, () -> inbox.offer("bad"));
        inbox.offer("good");

        assertEquals(List.of("good"), log);
    }
}
