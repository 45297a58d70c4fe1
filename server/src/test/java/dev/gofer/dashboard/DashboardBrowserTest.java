package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard end to end in real headless Chromium against a real server (real Docker, real SQLite):
 * the scenarios are in {@code src/test/browser/dashboard.test.mjs}; screenshots of every step land in
 * {@code server/target/dashboard/dashboard.test/}. With {@code -Dgofer.docs.write=true} the views' pictures in
 * docs/dashboard.md are taken again ({@link #REGENERATE}).
 */
class DashboardBrowserTest {
    /** Regenerates the screenshots in docs/dashboard.md. */
    static final String REGENERATE = "mvn -B -o -pl server -am test -Dtest=DashboardBrowserTest -Dgofer.docs.write=true "
            + "-Dsurefire.failIfNoSpecifiedTests=false";
    static final Path DOCS_SCREENSHOTS = Path.of("../docs/images/dashboard").toAbsolutePath().normalize();
    private static GoferTestServer server;

    @BeforeAll
    static void start() {
        GoferTestServer.requireDocker();
        BrowserScript.requireBrowser();
        server = GoferTestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scenariosInChromium() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("GOFER_URL", server.url(""), "GOFER_TOKEN", server.rootToken));
        if (Boolean.getBoolean("gofer.docs.write")) {
            Files.createDirectories(DOCS_SCREENSHOTS);
            env.put("DOCS_SCREENSHOTS", DOCS_SCREENSHOTS.toString()); // the pictures in docs/dashboard.md
        }
        String out = BrowserScript.run("dashboard.test.mjs", env, Duration.ofMinutes(10));
        assertTrue(out.contains("all dashboard scenarios passed"), out);
        // the cancelled run's container was stopped and removed, like every other task's
        server.awaitNoContainers("gofer.pipeline=dash-sleep"); // nothing left behind by the cancelled run
    }
}
