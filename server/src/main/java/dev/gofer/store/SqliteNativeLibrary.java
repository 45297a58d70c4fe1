package dev.gofer.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where the SQLite driver loads its native library from. Left alone, the driver copies the library out of its jar
 * into the temp dir on every start, then reads the copy and the jar again to compare them byte by byte: the largest
 * single item of a start in a profile (bench/PROFILE.md, "Cold start, round 2"). With the system property
 * {@value #CACHE_PROPERTY} naming a folder (the {@code ./gofer} launcher and the image pass one, beside their
 * class-data archive), the library is copied there once per driver version and platform and loaded from there.
 *
 * <p>A folder that cannot be written, or a copy that does not load (the driver then logs why), only means the
 * driver's own extraction runs as before. Your own {@code org.sqlite.lib.path} is left as it is.
 */
final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String CACHE_PROPERTY = "gofer.native_cache_dir";

    private SqliteNativeLibrary() {
    }

    /** Points the driver at the cached library when {@value #CACHE_PROPERTY} is set; before the first connection. */
    static void useCacheIfSet() {
        String cache = System.getProperty(CACHE_PROPERTY, "");
        if (cache.isBlank() || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        cached(Path.of(cache)).ifPresent(library -> {
            System.setProperty("org.sqlite.lib.path", library.getParent().toString());
            System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
        });
    }

    /**
     * The library in {@code cacheDir}, copied there from the driver's jar first if it is not there yet, or empty when
     * that copy cannot be made. Starts at once may copy together: each writes its own file and moves it into place.
     */
    static Optional<Path> cached(Path cacheDir) {
        String name = LibraryLoaderUtil.getNativeLibName();
        Path folder = cacheDir.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion())
                .resolve(System.getProperty("os.name") + "-" + System.getProperty("os.arch"));
        Path library = folder.resolve(name);
        if (Files.isRegularFile(library)) {
            return Optional.of(library);
        }
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.debug("the SQLite driver has no {} for this platform; it finds its library itself", resource);
                return Optional.empty();
            }
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, name, ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                readableByAll(partial);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return Optional.of(library);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot keep the SQLite library in {} ({}); the driver extracts it itself", folder, e.toString());
            return Optional.empty();
        }
    }

    /** The driver's own code, no secret: readable by any user, as the image's cache must be for its runtime user. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
