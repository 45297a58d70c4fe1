package dev.gofer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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
}
