package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.model.Initiator;
import dev.gofer.model.StatusReason;
import dev.gofer.model.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Structured columns read back as written, whether parsed now or reused from an earlier read of the same text. */
class JsonColumnsTest {

    @Test
    void repeatedColumnsReadBackAsWrittenPastWhatIsKept() {
        // more distinct values than are kept: every read still gives its own text's value
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 1_500; i++) {
                Initiator who = new Initiator(Integer.toString(i), "user-" + i);
                assertEquals(who, JsonColumns.initiator(JsonColumns.write(who)));
                StatusReason why = new StatusReason("abnormal_exit", "container exited with code " + i);
                assertEquals(why, JsonColumns.reason(JsonColumns.write(why)));
            }
        }
        assertNull(JsonColumns.reason(null));
    }

    @Test
    void variablesReadBackAsWrittenNoneIncluded() {
        assertTrue(JsonColumns.variables(JsonColumns.write(List.of())).isEmpty());
        List<Variable> some = List.of(new Variable("A", "1", "run_options"), new Variable("B", "[]", "pipeline_config"));
        assertEquals(some, JsonColumns.variables(JsonColumns.write(some)));
    }
}
