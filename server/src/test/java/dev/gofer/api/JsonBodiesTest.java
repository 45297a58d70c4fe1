package dev.gofer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gofer.model.Initiator;
import dev.gofer.model.Run;
import dev.gofer.model.RunKey;
import dev.gofer.model.RunState;
import dev.gofer.model.RunStatus;
import dev.gofer.model.StatusReason;
import dev.gofer.model.Variable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Response bodies from the streaming encoder are the bytes databind wrote before, whatever the values. */
class JsonBodiesTest {

    @Test
    void aRunListIsTheSameBytesAsThroughDatabind() {
        Run running = new Run(new RunKey("default", "build-app", 7), 2, 1_700_000_000_000L, 0, RunState.RUNNING,
                RunStatus.UNKNOWN, null, new Initiator("12", "ana"), List.of(new Variable("GREETING", "grüß dich \"du\"", "run_options")));
        Run failed = new Run(new RunKey("default", "build-app", 8), 2, 1_700_000_000_000L, 1_700_000_009_000L,
                RunState.COMPLETE, RunStatus.FAILED, new StatusReason("abnormal_exit", "exit 1\n\ttab \u0001 ☃ 🚀"),
                Initiator.ANONYMOUS, List.of());
        JsonObject body = new JsonObject().put("runs", new JsonArray().add(ApiJson.run(running)).add(ApiJson.run(failed)));

        assertEquals(body.toBuffer().toString(), JsonBodies.encode(body).toString());
    }

    @Test
    void everyKindOfValueIsTheSameBytes() {
        JsonObject body = new JsonObject().put("long", Long.MAX_VALUE).put("int", -3).put("double", 0.25)
                .put("true", true).putNull("null").put("empty", new JsonObject()).put("list", new JsonArray().add(1).addNull())
                .put("instant", Instant.ofEpochMilli(1_700_000_000_123L)).put("bytes", new byte[] {1, 2, 3})
                .put("text", "</script> \\ \" \u2028 é".repeat(2000)); // past the generator's own buffer

        assertEquals(body.toBuffer().toString(), JsonBodies.encode(body).toString());
    }

    /** A record is nothing the streaming encoder knows: databind writes it, as before. */
    @Test
    void aValueOnlyDatabindCanWriteGoesThroughDatabind() {
        JsonObject body = new JsonObject().put("reason", new StatusReason("timeout", "took too long"));

        assertEquals(body.toBuffer().toString(), JsonBodies.encode(body).toString());
        assertEquals("took too long", new JsonObject(JsonBodies.encode(body)).getJsonObject("reason").getString("description"));
    }
}
