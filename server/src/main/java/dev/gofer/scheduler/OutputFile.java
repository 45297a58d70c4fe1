package dev.gofer.scheduler;

import dev.gofer.files.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a long-running container's output (an extension's) to a file of its own, after a line that names the
 * container and when it started, so one file holds every container the extension had.
 */
final class OutputFile {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFile.class);

    private OutputFile() {
    }

    /** Blocks until the container exits; returns its exit code. */
    static int follow(Scheduler scheduler, String containerId, Path file) throws Exception {
        PrivateFiles.directories(file.getParent());
        try (OutputStream out = PrivateFiles.append(file)) {
            out.write(("--- gofer: container " + containerId.substring(0, Math.min(12, containerId.length())) + " started "
                    + Instant.now() + " ---\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            scheduler.streamLogs(containerId, (stderr, bytes) -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("extension log write failed", e);
                }
            });
        }
        return scheduler.waitForExit(containerId);
    }
}
