package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gofer.it.GoferTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's event stream across a server restart, in real Chromium: the page says it is reconnecting,
 * refreshes slowly meanwhile, reconnects with the last event id it saw and catches up on what happened
 * while it was away ({@code src/test/browser/reconnect.test.mjs}). The script asks for the restart through a
 * small control endpoint of this test; the server comes back on the same port with the same data dir.
 */
class DashboardReconnectBrowserTest {
    private GoferTestServer server;
    private HttpServer control;

    @AfterEach
    void stop() {
        if (control != null) {
            control.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStreamReconnectsAfterARestartAndCatchesUp() throws IOException {
        GoferTestServer.requireDocker();
        BrowserScript.requireBrowser();
        Path dir = Files.createTempDirectory("gofer-dash-reconnect");
        int port = freePort();
        server = GoferTestServer.start(dir, s -> s.with("port", port));
        control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // POST /stop: the server goes away (the page must notice); POST /start: it comes back, same port and data
        control.createContext("/stop", exchange -> {
            server.close();
            server = null;
            answer(exchange);
        });
        control.createContext("/start", exchange -> {
            server = GoferTestServer.start(dir, s -> s.with("port", port));
            answer(exchange);
        });
        control.start();
        Map<String, String> env = new HashMap<>(Map.of("GOFER_URL", "http://127.0.0.1:" + port, "GOFER_TOKEN", server.rootToken,
                "CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort()));
        if (Boolean.getBoolean("gofer.docs.write")) {
            Files.createDirectories(DashboardBrowserTest.DOCS_SCREENSHOTS);
            env.put("DOCS_SCREENSHOTS", DashboardBrowserTest.DOCS_SCREENSHOTS.toString());
        }
        String out = BrowserScript.run("reconnect.test.mjs", env, Duration.ofMinutes(4));
        assertTrue(out.contains("reconnect scenario passed"), out);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(ok);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
