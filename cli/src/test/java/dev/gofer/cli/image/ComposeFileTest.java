package dev.gofer.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml is valid for docker-compose and wires Gofer as docs/container.md says. It is not started here:
 * the postgres image cannot be pulled on a machine without a registry.
 */
class ComposeFileTest {
    private static final Path FILE = Path.of("..", "deploy", "compose.yaml").toAbsolutePath().normalize();

    @Test
    void docsComposeFileIsValidAndWiresGoferToPostgresAndTheEngine() {
        assertTrue(Files.isRegularFile(FILE), FILE + " is missing");
        Docker.Result installed = Docker.exec(List.of("sh", "-c", "command -v docker-compose"), 30);
        assertEquals(0, installed.exitCode(), "docker-compose is needed: run `bash scripts/test-env.sh` (apt-get install docker-compose)");

        Docker.Result config = Docker.exec(List.of("env", "GOFER_ENCRYPTION_KEY=0123", "docker-compose", "-f", FILE.toString(), "config"), 60)
                .ok("docker-compose config of " + FILE);
        String out = config.output();
        assertTrue(out.contains("/var/run/docker.sock:/var/run/docker.sock"), out);
        assertTrue(out.contains("GOFER_STORE: postgres://gofer:gofer@postgres:5432/gofer"), out);
        assertTrue(out.contains("gofer-data:/var/lib/gofer") || out.contains("target: /var/lib/gofer"), out);
        assertTrue(out.lines().filter(l -> l.trim().equals("network_mode: bridge")).count() == 2,
                "both services on the default bridge, where Gofer's task and extension containers run:\n" + out);

        // no key given: the variable stays empty and Gofer uses the key file it generates in the gofer-data volume
        Docker.Result noKey = Docker.exec(List.of("env", "-u", "GOFER_ENCRYPTION_KEY", "docker-compose", "-f", FILE.toString(), "config"), 60)
                .ok("docker-compose config without GOFER_ENCRYPTION_KEY");
        assertTrue(noKey.output().contains("GOFER_ENCRYPTION_KEY: ''"), noKey.output());
    }
}
