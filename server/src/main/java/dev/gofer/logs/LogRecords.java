package dev.gofer.logs;

import dev.gofer.logs.LogStore.Range;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /** The records for {@code log} (the first bytes of a log file), given the stderr ranges in order. */
    public static String ndjson(byte[] log, List<Range> stderr) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (Range r : stderr) {
            int start = (int) Math.min(r.offset(), log.length);
            int end = (int) Math.min(r.end(), log.length);
            if (start < pos || end <= start) {
                continue; // beyond what was read (appended since), or overlapping a damaged index
            }
            if (start > pos) {
                out.append(record(false, log, pos, start));
            }
            out.append(record(true, log, start, end));
            pos = end;
        }
        if (pos < log.length) {
            out.append(record(false, log, pos, log.length));
        }
        return out.toString();
    }

    /** The first {@code size} bytes of the log (it may have grown since {@code size} was taken). */
    public static byte[] prefix(byte[] whole, long size) {
        return whole.length <= size ? whole : Arrays.copyOf(whole, (int) size);
    }
}
