package dev.gofer.it;

import static dev.gofer.it.Pipelines.pipeline;
import static dev.gofer.it.Pipelines.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data dir holds the database, logs and objects: only the user Gofer runs as may read it (0700, files 0600). */
class DataDirPermissionsTest {
    @BeforeAll
    static void needsDocker() {
        GoferTestServer.requireDocker();
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFreshDataDirAndEverythingGoferWritesInItArePrivate() throws Exception {
        Path dataDir = Files.createTempDirectory("gofer-perms").resolve("data"); // does not exist yet: Gofer creates it
        try (GoferTestServer gofer = GoferTestServer.start(dataDir, s -> s)) {
            assertEquals("rwx------", perms(dataDir), "data dir");
            if (GoferTestServer.STORE.equals("sqlite")) {
                assertEquals("rw-------", perms(dataDir.resolve("gofer.db")), "database file");
                Path wal = dataDir.resolve("gofer.db-wal");
                if (Files.exists(wal)) {
                    assertEquals("rw-------", perms(wal), "SQLite's write-ahead log takes the database's permissions");
                }
            }
            gofer.deploy(pipeline("perms", task("a", "echo private output")));
            long run = gofer.startRun("perms", Map.of());
            gofer.awaitRun("perms", run, Duration.ofSeconds(60));
            assertEquals(201, gofer.postBytes(GoferTestServer.pipelines("default") + "/perms/objects/blob", "bytes".getBytes()).status());

            List<Path> written;
            try (Stream<Path> all = Files.walk(dataDir)) {
                written = all.filter(p -> !p.getFileName().toString().equals("test-root-token")).toList();
            }
            assertTrue(written.stream().anyMatch(p -> p.toString().contains("logs") && p.toString().endsWith(".log")), "a task log: " + written);
            assertTrue(written.stream().anyMatch(p -> p.toString().contains("objects") && p.getFileName().toString().equals("blob")), "an object: " + written);
            for (Path p : written) {
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", perms(p), dataDir.relativize(p).toString());
            }
        }
    }

    @Test
    void anExistingDataDirThatOthersCanReadIsTightened() throws Exception {
        Path dataDir = Files.createTempDirectory("gofer-perms-old");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = dataDir.resolve("gofer.db");
        if (GoferTestServer.STORE.equals("sqlite")) {
            Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        try (GoferTestServer gofer = GoferTestServer.start(dataDir, s -> s)) {
            assertEquals("rwx------", perms(dataDir));
            if (GoferTestServer.STORE.equals("sqlite")) {
                assertEquals("rw-------", perms(db), "a database left readable by an older Gofer is tightened");
            } else {
                assertFalse(Files.exists(db));
            }
        }
    }
}
