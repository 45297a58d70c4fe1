package dev.gofer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.logs.LogStore.Range;
import dev.gofer.model.TaskKey;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ndjson conversion fed in pieces: the same records as from the whole log, in bounded memory. */
class ChunkedLogRecordsTest {
    private static final String[] TOKENS = {"a", "bc", "line\n", "\n", "é", "€", "😀", "x y z", "\"q\"", "\t", "ü\n"};

    /** A log made of whole characters, and stderr ranges on character boundaries (some adjacent, some empty). */
    private record Log(byte[] bytes, List<Range> stderr) {
    }

    private static Log randomLog(Random random, int tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Range> stderr = new ArrayList<>();
        long rangeStart = -1;
        for (int i = 0; i < tokens; i++) {
            if (random.nextInt(8) == 0) { // switch stream
                if (rangeStart < 0) {
                    rangeStart = out.size();
                } else {
                    stderr.add(new Range(rangeStart, out.size() - rangeStart));
                    rangeStart = random.nextBoolean() ? out.size() : -1; // sometimes two stderr chunks in a row
                }
            }
            out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        }
        if (rangeStart >= 0) {
            stderr.add(new Range(rangeStart, out.size() - rangeStart));
        }
        return new Log(out.toByteArray(), stderr);
    }

    private static String chunked(Log log, Random random, int maxChunk) {
        ChunkedLogRecords records = new ChunkedLogRecords(log.stderr().iterator(), 0, log.bytes().length);
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < log.bytes().length) {
            int n = Math.min(1 + random.nextInt(maxChunk), log.bytes().length - pos);
            byte[] piece = java.util.Arrays.copyOfRange(log.bytes(), pos, pos + n); // nothing past the piece is visible
            out.append(records.accept(piece, 0, n));
            pos += n;
        }
        return out.append(records.finish()).toString();
    }

    /** The whole-file conversion as it was before records could be cut: one record per run of one stream. */
    private static String reference(byte[] log, List<Range> stderr) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (Range r : stderr) {
            int start = (int) Math.min(r.offset(), log.length);
            int end = (int) Math.min(r.end(), log.length);
            if (start < pos || end <= start) {
                continue;
            }
            if (start > pos) {
                out.append(LogRecords.record(false, log, pos, start));
            }
            out.append(LogRecords.record(true, log, start, end));
            pos = end;
        }
        if (pos < log.length) {
            out.append(LogRecords.record(false, log, pos, log.length));
        }
        return out.toString();
    }

    @Test
    void anyChunkingGivesTheRecordsOfTheWholeLog() {
        Random random = new Random(19);
        for (int round = 0; round < 300; round++) {
            Log log = randomLog(random, 1 + random.nextInt(400));
            String expected = reference(log.bytes(), log.stderr());
            assertEquals(expected, LogRecords.ndjson(log.bytes(), log.stderr()));
            // chunks of 1 byte split every multi-byte character and every line
            assertEquals(expected, chunked(log, random, 1 + random.nextInt(40)), "round " + round);
        }
    }

    @Test
    void rangesSplittingCharactersOrPastTheEndGiveTheSameRecordsAsTheWholeLog() {
        byte[] log = "ab€cd😀e\nf".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            List<Range> stderr = new ArrayList<>();
            for (long pos = random.nextInt(3); pos < log.length + 4; pos += 1 + random.nextInt(4)) {
                long len = random.nextInt(4);
                stderr.add(new Range(pos, len));
                pos += len;
            }
            assertEquals(reference(log, stderr), chunked(new Log(log, stderr), random, 3), stderr.toString());
        }
    }

    @Test
    void aWindowOfTheLogGivesTheRecordsOfThoseBytesAlone() {
        Random random = new Random(23);
        for (int round = 0; round < 300; round++) {
            Log log = randomLog(random, 1 + random.nextInt(300));
            int from = random.nextInt(log.bytes().length + 1);
            int to = from + random.nextInt(log.bytes().length - from + 1);
            // reference: the window on its own, with the stderr ranges cut to it
            List<Range> shifted = new ArrayList<>();
            for (Range r : log.stderr()) {
                long start = Math.max(r.offset(), from);
                long end = Math.min(r.end(), to);
                if (end > start) {
                    shifted.add(new Range(start - from, end - start));
                }
            }
            byte[] window = java.util.Arrays.copyOfRange(log.bytes(), from, to);
            ChunkedLogRecords records = new ChunkedLogRecords(log.stderr().iterator(), from, to);
            StringBuilder out = new StringBuilder();
            for (int pos = from; pos < to; ) {
                int n = Math.min(1 + random.nextInt(30), to - pos);
                out.append(records.accept(log.bytes(), pos, pos + n));
                pos += n;
            }
            out.append(records.finish());
            assertEquals(reference(window, shifted), out.toString(), "round " + round + " [" + from + ", " + to + ")");
        }
    }

    @Test
    void longRunsAreCutIntoBoundedRecordsAtLineEndsOrWholeCharactersWhateverTheChunking() {
        Random random = new Random(7);
        Log log = randomLog(random, 120_000); // ~400 KB: runs far longer than one record
        String whole = LogRecords.ndjson(log.bytes(), log.stderr());
        for (int round = 0; round < 5; round++) {
            assertEquals(whole, chunked(log, random, 1 + random.nextInt(100_000)));
        }
        // one line of 300 KB of 3- and 4-byte characters: cut between characters, never inside one
        String line = "€😀".repeat(300_000 / 7) + "\n";
        Log oneLine = new Log(line.getBytes(StandardCharsets.UTF_8), List.of());
        String records = chunked(oneLine, random, 50_000);
        StringBuilder text = new StringBuilder();
        for (String record : records.split("\n")) {
            String t = new JsonObject(record).getString("text");
            assertTrue(t.getBytes(StandardCharsets.UTF_8).length <= ChunkedLogRecords.MAX_RECORD_BYTES);
            text.append(t);
        }
        assertEquals(line, text.toString());
        assertFalse(records.contains("\uFFFD"));
        // the records of the whole log, cut into many, still carry all of it
        List<String> texts = whole.lines().map(r -> new JsonObject(r).getString("text")).toList();
        assertTrue(texts.size() > 6, "several records");
        StringBuilder all = new StringBuilder();
        texts.forEach(all::append);
        assertEquals(new String(log.bytes(), StandardCharsets.UTF_8), all.toString());
    }

    @Test
    void theReaderStreamsAStoredLogInChunksWithTheRecordsOfTheWholeFile(@TempDir Path dir) throws Exception {
        LogStore store = new LogStore(dir);
        TaskKey key = new TaskKey("default", "p", 1, "t");
        Random random = new Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] chunk = ("line " + i + " é€😀 " + "x".repeat(random.nextInt(300)) + "\n").getBytes(StandardCharsets.UTF_8);
            store.append(key, random.nextInt(3) == 0, chunk);
        }
        store.close(key);
        byte[] file = Files.readAllBytes(store.file(key));
        assertTrue(file.length > 3 * NdjsonLogReader.CHUNK_BYTES);
        String expected = LogRecords.ndjson(file, store.stderrRanges(key));

        assertEquals(expected, readAll(NdjsonLogReader.open(store, key, 0, Long.MAX_VALUE)));
        // a window ending mid-log (what a follower reads before going live): the records of that prefix
        long size = file.length / 2;
        assertEquals(LogRecords.ndjson(java.util.Arrays.copyOf(file, (int) size), store.stderrRanges(key)),
                readAll(NdjsonLogReader.open(store, key, 0, size)));
        // a log that does not exist yet has no records
        assertNull(NdjsonLogReader.open(store, new TaskKey("default", "p", 1, "none"), 0, Long.MAX_VALUE).next());
    }

    private static String readAll(NdjsonLogReader reader) throws Exception {
        StringBuilder out = new StringBuilder();
        try (reader) {
            for (String records; (records = reader.next()) != null; ) {
                assertFalse(records.isEmpty());
                out.append(records);
            }
        }
        return out.toString();
    }
}
