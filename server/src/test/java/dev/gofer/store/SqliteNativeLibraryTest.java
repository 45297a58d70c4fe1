package dev.gofer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** The SQLite driver's native library kept in a cache folder (the launcher's), copied from the jar once. */
class SqliteNativeLibraryTest {
    @TempDir
    Path cache;

    @Test
    void theFirstUseCopiesTheDriversLibraryAndLaterUsesKeepIt() throws Exception {
        Path library = SqliteNativeLibrary.cached(cache).orElseThrow();
        assertTrue(library.startsWith(cache.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())), library.toString());
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(library), "the jar's library, byte for byte");
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)),
                "readable by any user (the image's cache is filled at build time, read by the runtime user)");
        try (var files = Files.list(library.getParent())) {
            assertEquals(1, files.count(), "no partial copy left beside it");
        }

        FileTime copied = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, copied);
        assertEquals(Optional.of(library), SqliteNativeLibrary.cached(cache));
        assertEquals(copied, Files.getLastModifiedTime(library), "kept, not copied again");
    }

    @Test
    void aFolderThatCannotBeMadeMeansTheDriverExtractsItAsBefore() throws Exception {
        Path file = Files.writeString(cache.resolve("not-a-dir"), "x"); // a folder under a file fails, even for root
        assertEquals(Optional.empty(), SqliteNativeLibrary.cached(file.resolve("native")));
    }
}
