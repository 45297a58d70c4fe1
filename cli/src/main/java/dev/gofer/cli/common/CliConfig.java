package dev.gofer.cli.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The CLI's own config file, YAML ({@code $HOME/.gofer.yaml} unless {@code --config} / {@code GOFER_CONFIG} say
 * otherwise), holding the API token: {@code token: <secret>}. Written with mode 0600 (owner only), because the
 * token is a password.
 */
public final class CliConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private CliConfig() {
    }

    /** {@code $HOME/.gofer.yaml}, as shells and other CLIs read {@code ~}; Java's {@code user.home} when HOME is unset. */
    public static Path defaultFile() {
        return defaultFile(System.getenv("HOME"), System.getProperty("user.home"));
    }

    static Path defaultFile(String homeEnv, String userHome) {
        // user.home comes from the password database and ignores HOME (e.g. `HOME=/tmp/x gofer ...`, sudo, CI)
        return Path.of(homeEnv != null && !homeEnv.isBlank() ? homeEnv : userHome, ".gofer.yaml");
    }

    /** The saved token, or null when the file or the entry does not exist. */
    public static String token(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            JsonNode token = node == null ? null : node.get("token");
            return token == null || token.isNull() ? null : token.asText();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CLI config file " + file + ": " + e.getMessage()
                    + " (it should be YAML, e.g. `token: <secret>`)", e);
        }
    }

    /** Saves {@code token} into the file (keeping its other entries), readable by the owner only. */
    public static void saveToken(Path file, String token) {
        try {
            ObjectNode node = Files.isRegularFile(file) && YAML.readTree(file.toFile()) instanceof ObjectNode o ? o : YAML.createObjectNode();
            node.put("token", token);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            // created 0600 before the secret is written, then moved over the old file: never readable by others
            Path tmp = posix ? Files.createTempFile(dir, ".gofer", ".yaml", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".gofer", ".yaml");
            Files.writeString(tmp, YAML.writeValueAsString(node));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the token to " + file + ": " + e.getMessage(), e);
        }
    }
}
