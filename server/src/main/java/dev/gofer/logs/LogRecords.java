package dev.gofer.logs;

import dev.gofer.logs.LogStore.Range;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A log as newline-delimited JSON, one record per run of output from one stream:
 * {@code {"stream":"stdout"|"stderr","text":"..."}}. The plain-text log plus its stderr ranges (see
 * {@link LogStore}) is all it needs, so the plain format stays the source of truth.
 */
public final class LogRecords {
    private LogRecords() {
    }

    public static String record(boolean stderr, byte[] bytes, int from, int to) {
        return new JsonObject().put("stream", stderr ? "stderr" : "stdout")
                .put("text", new String(bytes, from, to - from, StandardCharsets.UTF_8)).encode() + "\n";
    }

    /**
     * The records for {@code log} (the first bytes of a log file), given the stderr ranges in order: the whole-log
     * form of {@link ChunkedLogRecords}, which gives the same records fed in pieces.
     */
    public static String ndjson(byte[] log, List<Range> stderr) {
        ChunkedLogRecords records = new ChunkedLogRecords(stderr.iterator(), 0, log.length);
        return records.accept(log, 0, log.length) + records.finish();
    }
}
