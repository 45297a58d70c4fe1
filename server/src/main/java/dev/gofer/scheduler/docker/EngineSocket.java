package dev.gofer.scheduler.docker;

import java.nio.file.attribute.PosixFilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a {@code unix://} engine socket cannot be used, in one line that names the path and the fix: the two
 * mistakes of a container deployment are forgetting the socket mount and running as a user outside its group.
 */
public final class EngineSocket {
    private EngineSocket() {
    }

    /** Empty when the socket looks usable (or {@code dockerHost} is not a unix socket): the engine's answer decides then. */
    public static Optional<String> problem(String dockerHost) {
        if (dockerHost == null || !dockerHost.startsWith("unix://")) {
            return Optional.empty();
        }
        Path socket = Path.of(dockerHost.substring("unix://".length()));
        if (!Files.exists(socket)) {
            return Optional.of("no Docker engine: the Docker engine socket " + socket + " does not exist: start an engine"
                    + " there, mount the engine's socket there (docker run -v /var/run/docker.sock:" + socket + " ...) or"
                    + " point docker_host (GOFER_DOCKER_HOST, --docker-host) at an engine");
        }
        if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
            String gid = attribute(socket, "unix:gid");
            return Optional.of("no permission to use the Docker engine socket " + socket + " (owner uid " + attribute(socket, "unix:uid")
                    + ", gid " + gid + ", mode " + mode(socket) + "): run Gofer as root or in the socket's group (docker run --group-add "
                    + gid + " ...), or set docker_host (GOFER_DOCKER_HOST)");
        }
        return Optional.empty();
    }

    private static String attribute(Path socket, String name) {
        try {
            return String.valueOf(Files.getAttribute(socket, name));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "?";
        }
    }

    private static String mode(Path socket) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}
