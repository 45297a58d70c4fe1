package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard end to end in real headless Chromium against a real server (real Docker, real SQLite):
 * the scenarios are in {@code src/test/browser/dashboard.test.mjs}; screenshots of every step land in
 * {@code server/target/dashboard/dashboard.test/}.
 */
class DashboardBrowserTest {
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
    void scenariosInChromium() {
        String out = BrowserScript.run("dashboard.test.mjs", Map.of("GOFER_URL", server.url(""), "GOFER_TOKEN", server.rootToken), Duration.ofMinutes(8));
        assertTrue(out.contains("all dashboard scenarios passed"), out);
        // the cancelled run's container was stopped and removed, like every other task's
        server.awaitNoContainers("gofer.pipeline=dash-sleep"); // nothing left behind by the cancelled run
    }
}
