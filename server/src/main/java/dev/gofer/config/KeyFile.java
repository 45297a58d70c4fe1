package dev.gofer.config;

import dev.gofer.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which key secrets are encrypted with. A configured key (setting encryption_key: config file, env
 * GOFER_ENCRYPTION_KEY or --encryption-key) wins; development mode without one uses the fixed public key; otherwise
 * the key file {@code <data_dir>/encryption.key}, generated (32 random bytes as hex, mode 0600) at the first start,
 * as Jenkins keeps its master key beside its home. Losing the file loses the secrets: it is logged once, when made.
 */
public final class KeyFile {
    public static final String NAME = "encryption.key";
    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    /** The key and where it came from (for messages; never the key itself). */
    public record Chosen(EncryptionKey key, String source) {
    }

    private KeyFile() {
    }

    public static Path path(ServerSettings settings) {
        return settings.dataDir().resolve(NAME);
    }

    /** Call after the data dir exists. */
    public static Chosen choose(ServerSettings settings) {
        EncryptionKey configured = settings.encryptionKey();
        if (configured != null) {
            if (configured.rawText()) {
                LOG.warn("encryption_key is 32 raw characters (as Gofer 0.9.1 took it): accepted, but 64 hex characters"
                        + " (openssl rand -hex 32) hold more randomness; prefer them for new installations");
            }
            return new Chosen(configured, "setting encryption_key");
        }
        if (settings.developmentMode()) {
            LOG.warn("*** DEVELOPMENT MODE: no encryption key set, so secrets are encrypted with a fixed key that is"
                    + " public (anyone with the database can read them). Never use development mode with real secrets. ***");
            return new Chosen(EncryptionKey.development(), "the fixed development-mode key");
        }
        Path file = path(settings);
        try {
            return new Chosen(Files.exists(file) ? read(file) : generate(file), "key file " + file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot " + (Files.exists(file) ? "read" : "create") + " the encryption key file "
                    + file + ": " + e.getMessage() + ". Make the data dir (setting data_dir) writable by this user, or"
                    + " give the key with setting encryption_key (GOFER_ENCRYPTION_KEY)", e);
        }
    }

    private static EncryptionKey read(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warn("the encryption key file {} is readable by others ({}); run `chmod 600 {}`", file,
                        PosixFilePermissions.toString(perms), file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        String text = Files.readString(file).trim();
        try {
            return EncryptionKey.parse(text).orElseThrow(() -> new IllegalStateException("the encryption key file "
                    + file + " is empty; restore it from your backup (or, if no secret was ever stored, delete it)"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the encryption key file " + file + " does not hold a key (64 hex characters);"
                    + " restore it from your backup", e);
        }
    }

    private static EncryptionKey generate(Path file) throws IOException {
        byte[] bytes = new byte[EncryptionKey.BYTES];
        new SecureRandom().nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        try {
            // CREATE_NEW: never replace a key another process just wrote
            Files.writeString(PrivateFiles.createNew(file), hex + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            return read(file);
        }
        LOG.info("generated the encryption key for secrets at {} (mode 0600). Back it up with the database: losing it"
                + " loses every secret. To use a key of your own instead, set encryption_key (GOFER_ENCRYPTION_KEY)", file);
        return EncryptionKey.parse(hex).orElseThrow();
    }
}
