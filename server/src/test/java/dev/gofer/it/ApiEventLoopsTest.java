package dev.gofer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The API runs as several verticle instances (an event loop each) sharing one port: every connection is answered,
 * whichever instance it lands on, and closing the server frees the port (no instance stays bound).
 */
class ApiEventLoopsTest {
    @Test
    void connectionsOnEveryInstanceAreAnsweredAndClosingFreesThePort() throws Exception {
        int port;
        try (GoferTestServer gofer = GoferTestServer.start()) {
            port = gofer.port();
            // each request on a client of its own, so on a connection of its own: Vert.x hands them to the instances in turn
            List<CompletableFuture<GoferTestServer.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> gofer.as(gofer.rootToken).get("/api/namespaces")));
            }
            for (CompletableFuture<GoferTestServer.Response> a : answers) {
                assertEquals(200, a.get().status(), a.get().body());
            }
        }
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the API's port is free once the server closed");
        }
    }

    /**
     * What the instances must agree on: the dashboard's index, whichever instance serves it, names one asset folder,
     * and every instance serves that folder (each instance once had a folder of its own: the page stayed blank).
     */
    @Test
    void everyInstanceServesTheDashboardAssetsTheIndexNames() throws Exception {
        try (GoferTestServer gofer = GoferTestServer.start()) {
            Pattern asset = Pattern.compile("/assets/([\\w.-]+)/app\\.js");
            Set<String> folders = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                Matcher m = asset.matcher(onNewConnection(gofer.url("/")).body());
                assertTrue(m.find(), "the index names the app's asset folder");
                folders.add(m.group(1));
            }
            assertEquals(1, folders.size(), "one asset folder for every instance: " + folders);
            String app = gofer.url("/assets/" + folders.iterator().next() + "/app.js");
            for (int i = 0; i < 8; i++) {
                assertEquals(200, onNewConnection(app).statusCode(), "app.js on connection " + i);
            }
        }
    }

    /** A client of its own, so a connection of its own: Vert.x hands new connections to the instances in turn. */
    private static HttpResponse<String> onNewConnection(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
