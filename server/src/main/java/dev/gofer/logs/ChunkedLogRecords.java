package dev.gofer.logs;

import dev.gofer.logs.LogStore.Range;
import java.util.Iterator;

/**
 * Turns a log into ndjson records (see {@link LogRecords}) a piece at a time, so a log of any size is converted
 * in bounded memory. Records are one run of output from one stream, as in the whole-file conversion; a run longer
 * than {@link #MAX_RECORD_BYTES} is cut into several records, after its last newline within the limit when it has
 * one, else before an incomplete UTF-8 sequence. Where records begin and end depends only on the log and its stderr
 * ranges, never on how the bytes were fed: any chunking gives the same output. Not thread-safe.
 */
public final class ChunkedLogRecords {
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    private final Iterator<Range> stderr;
    private final long limit;
    private final byte[] record = new byte[MAX_RECORD_BYTES];
    private int recordLength;
    private boolean recordIsStderr;
    /** Absolute offset of the next byte fed. */
    private long offset;
    /** End of the last stderr range used; ranges starting before it overlap (a damaged index) and are skipped. */
    private long lastStderrEnd;
    /** The next stderr range at or after {@link #offset}, clipped to [from, limit); null when none is left. */
    private long rangeStart;
    private long rangeEnd;
    private boolean haveRange;

    /**
     * Converts the log bytes {@code [from, limit)}, which must then be fed in order; {@code stderr} gives the
     * stderr ranges in log order (ranges outside the window are skipped).
     */
    public ChunkedLogRecords(Iterator<Range> stderr, long from, long limit) {
        this.stderr = stderr;
        this.offset = from;
        this.limit = limit;
        nextRange();
    }

    /** Feeds the next {@code bytes[from, to)} of the log; returns the records complete so far (maybe empty). */
    public String accept(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        int i = from;
        int end = (int) Math.min(to, from + Math.max(0, limit - offset));
        while (i < end) {
            boolean inStderr = haveRange && offset >= rangeStart;
            long segmentEnd = inStderr ? rangeEnd : haveRange ? rangeStart : Long.MAX_VALUE;
            if (recordLength > 0 && recordIsStderr != inStderr) {
                emit(out, recordLength);
            }
            recordIsStderr = inStderr;
            int n = (int) Math.min(Math.min(end - i, segmentEnd - offset), MAX_RECORD_BYTES - recordLength);
            System.arraycopy(bytes, i, record, recordLength, n);
            recordLength += n;
            i += n;
            offset += n;
            if (recordLength == MAX_RECORD_BYTES) {
                emit(out, cutPoint());
            }
            if (inStderr && offset == rangeEnd) {
                emit(out, recordLength); // each stderr range is a record of its own
                lastStderrEnd = rangeEnd;
                nextRange();
            }
        }
        return out.toString();
    }

    /** The end of the input: the record still open, if any. */
    public String finish() {
        StringBuilder out = new StringBuilder();
        emit(out, recordLength);
        return out.toString();
    }

    private void nextRange() {
        haveRange = false;
        while (stderr.hasNext()) {
            Range r = stderr.next();
            if (r.offset() >= limit) {
                return; // ranges come in order: none of the rest is in the window
            }
            long start = Math.max(r.offset(), offset);
            long end = Math.min(r.end(), limit);
            if (r.offset() < lastStderrEnd || end <= start) {
                continue; // before the window, or overlapping a damaged index
            }
            rangeStart = start;
            rangeEnd = end;
            haveRange = true;
            return;
        }
    }

    /** Where to cut a full record: after its last newline, else before a UTF-8 sequence the cut would split. */
    private int cutPoint() {
        for (int k = recordLength - 1; k >= 0; k--) {
            if (record[k] == '\n') {
                return k + 1;
            }
        }
        int lead = recordLength - 1;
        while (lead > 0 && recordLength - lead < 4 && (record[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int b = record[lead] & 0xFF;
        int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead > 0 && lead + needed > recordLength ? lead : recordLength;
    }

    private void emit(StringBuilder out, int length) {
        if (length == 0) {
            return;
        }
        out.append(LogRecords.record(recordIsStderr, record, 0, length));
        System.arraycopy(record, length, record, 0, recordLength - length);
        recordLength -= length;
    }
}
