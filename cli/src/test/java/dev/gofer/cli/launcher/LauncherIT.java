package dev.gofer.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./gofer} launcher's class-data archive: built once by a training start on first use, used from then on,
 * and never the reason a start fails. Runs after {@code package} (the jar is newer than the sources, so the launcher
 * does not rebuild it).
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "gofer").toAbsolutePath().normalize();

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void theFirstUseBuildsTheArchiveAndLaterStartsUseItQuietly(@TempDir Path cache) throws Exception {
        Result first = launch(cache, Map.of(), "--version");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().startsWith("gofer "), first::toString);
        assertTrue(first.err().contains("building the class-data archive"), first::toString);
        Path archive = onlyArchive(cache);
        assertTrue(Files.size(archive) > 1_000_000, "an archive of the server's classes: " + Files.size(archive));

        FileTime built = Files.getLastModifiedTime(archive);
        Result second = launch(cache, Map.of(), "--version");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals("", second.err(), "no training, no CDS warning: " + second);
        assertEquals(built, Files.getLastModifiedTime(archive), "kept, not rebuilt");
    }

    @Test
    void aBrokenOrMismatchedArchiveNeverStopsAStart(@TempDir Path cache) throws Exception {
        assertEquals(0, launch(cache, Map.of(), "--version").exitCode());
        Path archive = onlyArchive(cache);
        archive.toFile().setWritable(true);
        Files.write(archive, new byte[4096]); // garbage, newer than the jar: the launcher keeps it, Java must cope
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        Result corrupt = launch(cache, Map.of(), "--version");
        assertEquals(0, corrupt.exitCode(), corrupt::toString);
        assertTrue(corrupt.out().startsWith("gofer "), corrupt::toString);
        assertEquals("", corrupt.err(), "silent: " + corrupt);

        // flags the archive was not made for (no compressed pointers): Java starts without it, silently
        Result otherFlags = launch(cache, Map.of("GOFER_JAVA_OPTS", "-XX:+UseSerialGC -XX:-UseCompressedOops"), "--version");
        assertEquals(0, otherFlags.exitCode(), otherFlags::toString);
        assertEquals("", otherFlags.err(), "silent: " + otherFlags);
    }

    @Test
    void anUnwritableCacheMeansNoArchiveNotAFailedStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x"); // mkdir under a file fails, even for root
        Result result = launch(file.resolve("cache"), Map.of(), "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("gofer "), result::toString);
        assertFalse(result.err().contains("error"), result::toString);
    }

    @Test
    void theSqliteLibraryIsKeptInTheCacheAndStartsLoadItFromThere(@TempDir Path cache, @TempDir Path data) throws Exception {
        assertEquals(0, launch(cache, Map.of(), "--version").exitCode()); // the training start (SQLite) fills native/
        Path library;
        try (var files = Files.walk(cache.resolve("native"))) {
            List<Path> libraries = files.filter(f -> f.getFileName().toString().startsWith("libsqlitejdbc")).toList();
            assertEquals(1, libraries.size(), "one library: " + libraries);
            library = libraries.get(0);
        }
        // a copy that cannot load: the driver tries it (its error names the path), then extracts its own as before
        Files.write(library, new byte[64]);
        Result start = launch(cache, Map.of(), "service", "start", "--exit-when-ready", "--data-dir",
                data.resolve("data").toString(), "--bind-address", "127.0.0.1", "--port", "0", "--extension-port", "0",
                "--install-std-extensions", "false");
        assertEquals(0, start.exitCode(), start::toString);
        assertTrue((start.out() + start.err()).contains(library.toString()), "the start tried the cached library: " + start);
    }

    private static Path onlyArchive(Path cache) throws IOException {
        try (var files = Files.list(cache)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertEquals(1, archives.size(), "one archive: " + archives);
            return archives.get(0);
        }
    }

    private static Result launch(Path cache, Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().remove("GOFER_JAVA_OPTS");
            pb.environment().put("GOFER_CACHE_DIR", cache.toString());
            pb.environment().putAll(env);
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("./gofer did not exit within 300 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
