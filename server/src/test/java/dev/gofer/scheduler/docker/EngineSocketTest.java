package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line reasons a unix engine socket cannot be used (the permission case needs a non-root user: GoferImageIT). */
class EngineSocketTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSocketNamesThePathTheMountAndTheSetting() {
        Path socket = dir.resolve("docker.sock");
        String problem = EngineSocket.problem("unix://" + socket).orElseThrow();
        assertTrue(problem.startsWith("no Docker engine: the Docker engine socket " + socket + " does not exist"), problem);
        assertTrue(problem.contains("-v /var/run/docker.sock:" + socket) && problem.contains("docker_host (GOFER_DOCKER_HOST"), problem);
        assertEquals(1, problem.lines().count());
    }

    @Test
    void anExistingSocketOrATcpEngineIsLeftToTheEngineToAnswer() throws Exception {
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        assertEquals(Optional.empty(), EngineSocket.problem("unix://" + socket));
        assertEquals(Optional.empty(), EngineSocket.problem("tcp://127.0.0.1:2375"));
    }
}
