package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A retried task in the dashboard, in real headless Chromium against a real server (real Docker, real SQLite): a
 * task that fails twice then succeeds gets three bars on the run timeline at the API's attempt times, drawn live,
 * at desktop and phone width; each attempt's log downloads as its own file from a one-use link. The scenario is
 * {@code src/test/browser/attempts.test.mjs}; with {@code -Dgofer.docs.write=true} it takes the attempts picture
 * in docs/dashboard.md again.
 */
class DashboardAttemptsBrowserTest {
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
    void attemptsOnTheTimelineAndTheirLogsAsFiles() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("GOFER_URL", server.url(""), "GOFER_TOKEN", server.rootToken));
        if (Boolean.getBoolean("gofer.docs.write")) {
            Files.createDirectories(DashboardBrowserTest.DOCS_SCREENSHOTS);
            env.put("DOCS_SCREENSHOTS", DashboardBrowserTest.DOCS_SCREENSHOTS.toString());
        }
        String out = BrowserScript.run("attempts.test.mjs", env, Duration.ofMinutes(6));
        assertTrue(out.contains("all attempt scenarios passed"), out);
        server.awaitNoContainers("gofer.pipeline=dash-flaky"); // every attempt's container is gone
    }
}
