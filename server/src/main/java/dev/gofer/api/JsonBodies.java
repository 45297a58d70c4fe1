package dev.gofer.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Response bodies encoded by Vert.x's streaming encoder into a scratch array kept per thread (the event loops), then
 * copied once into a buffer of their exact size. Through {@link JsonObject#toBuffer()} (databind) each body was
 * written three times (its segments, one array, the buffer) with a serializer provider made per response; into a
 * growing buffer, it was copied at every doubling: either way about a quarter of what {@code GET run} and
 * {@code GET runs} allocated (bench/PROFILE.md, "Fifteenth session"). The output is the same bytes; a value only
 * databind can write (a record put in a {@link JsonObject}) goes through databind.
 */
final class JsonBodies {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** A scratch array grown past this by a large body is not kept for the next. */
    private static final int KEPT_SCRATCH_BYTES = 256 * 1024;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private JsonBodies() {
    }

    static Buffer encode(JsonObject json) {
        Scratch scratch = SCRATCH.get();
        scratch.reset();
        try (JsonGenerator out = FACTORY.createGenerator(scratch)) {
            JacksonCodec.encodeJson(json, out);
        } catch (EncodeException | IOException e) {
            return json.toBuffer();
        }
        Buffer body = scratch.copy();
        if (scratch.capacity() > KEPT_SCRATCH_BYTES) {
            SCRATCH.remove();
        }
        return body;
    }

    /** A byte array output whose content is copied out once, at its exact size. */
    private static final class Scratch extends ByteArrayOutputStream {
        Scratch() {
            super(8 * 1024);
        }

        Buffer copy() {
            return Buffer.buffer(count).appendBytes(buf, 0, count);
        }

        int capacity() {
            return buf.length;
        }
    }
}
