package dev.gofer.files;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir holds the database, logs, objects (and secrets encrypted in the database): only the user Gofer runs
 * as may read it. Folders are made 0700 and files 0600, whatever the umask; on a file system without POSIX
 * permissions (Windows) the calls fall back to the plain ones. Blocking: call off the event loop.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** For Vert.x {@code OpenOptions.setPerms}. */
    public static final String FILE_PERMS = "rw-------";

    private PrivateFiles() {
    }

    private static boolean posix(Path p) {
        Path existing = p.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] attrs(Path p, Set<PosixFilePermission> perms) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents below it as 0700 (parents that exist are left alone). */
    public static Path directories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            directories(parent);
        }
        try {
            Files.createDirectory(dir, attrs(dir, DIR));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /**
     * The data dir: created 0700; an existing one that others may read is tightened to 0700 when this user owns it,
     * else one warning says what to do (Gofer does not change folders it does not own).
     */
    public static void dataDir(Path dir) throws IOException {
        directories(dir);
        if (!posix(dir)) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
        if (now.equals(DIR)) {
            return;
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (owner.equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, DIR);
            LOG.info("data dir {} was {}; made it {} (only the user Gofer runs as may read the database and logs)",
                    dir, PosixFilePermissions.toString(now), PosixFilePermissions.toString(DIR));
        } else {
            LOG.warn("data dir {} is {} and owned by {}, not by {} (the user Gofer runs as): others may read the database and"
                    + " logs; run `chmod 700 {}`", dir, PosixFilePermissions.toString(now), owner, System.getProperty("user.name"), dir);
        }
    }

    /** Creates an empty 0600 file; fails with FileAlreadyExistsException if it exists. */
    public static Path createNew(Path file) throws IOException {
        return Files.createFile(file, attrs(file, FILE));
    }

    /** Creates an empty 0600 file unless it exists (an existing file is tightened to 0600). */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attrs(file, FILE));
        } catch (FileAlreadyExistsException e) {
            if (posix(file) && !Files.isDirectory(file)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        }
        return file;
    }

    /** Opens {@code file} for appending, creating it 0600. */
    public static OutputStream append(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), attrs(file, FILE)));
    }

    /** Appends {@code text} (UTF-8), creating the file 0600. */
    public static void appendString(Path file, String text) throws IOException {
        try (OutputStream out = append(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Replaces the file's content with {@code text} (UTF-8), creating it 0600. */
    public static void writeString(Path file, String text) throws IOException {
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), attrs(file, FILE)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
