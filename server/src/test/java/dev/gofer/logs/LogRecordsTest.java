package dev.gofer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gofer.logs.LogStore.Range;
import dev.gofer.model.TaskKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRecordsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theStoreRemembersWhichBytesCameFromStderrAndTheLogStaysPlainText(@TempDir Path dir) throws Exception {
        LogStore store = new LogStore(dir);
        TaskKey key = new TaskKey("default", "p", 1, "t");
        store.append(key, false, b("out 1\n"));
        store.append(key, true, b("err 1\n"));
        store.append(key, false, b("out 2\n"));
        store.append(key, true, b("err 2\n"));
        store.close(key);

        assertEquals("out 1\nerr 1\nout 2\nerr 2\n", Files.readString(store.file(key)));
        assertEquals(List.of(new Range(6, 6), new Range(18, 6)), store.stderrRanges(key));
        assertEquals("""
                {"stream":"stdout","text":"out 1\\n"}
                {"stream":"stderr","text":"err 1\\n"}
                {"stream":"stdout","text":"out 2\\n"}
                {"stream":"stderr","text":"err 2\\n"}
                """, LogRecords.ndjson(Files.readAllBytes(store.file(key)), store.stderrRanges(key)));
    }

    @Test
    void aLogWithoutAnIndexIsAllStdoutAndRangesPastWhatWasReadAreIgnored() {
        assertEquals("{\"stream\":\"stdout\",\"text\":\"hello\"}\n", LogRecords.ndjson(b("hello"), List.of()));
        // read 5 bytes of a log that has since grown: the stderr chunk at 5.. is not in this read
        assertEquals("{\"stream\":\"stdout\",\"text\":\"hello\"}\n", LogRecords.ndjson(b("hello"), List.of(new Range(5, 4))));
        assertEquals("", LogRecords.ndjson(new byte[0], List.of()));
        assertEquals(List.of(), new LogStore(Path.of("/nonexistent")).stderrRanges(new TaskKey("a", "b", 1, "c")));
    }
}
