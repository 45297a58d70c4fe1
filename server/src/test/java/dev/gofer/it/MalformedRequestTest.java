package dev.gofer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, F3/F7/F9: every malformed or odd request gets an answer (never a 5xx, never silence), and an answer
 * given before the body was read closes the connection, so a client that sends its whole body first is not left
 * waiting.
 */
class MalformedRequestTest {

    @Test
    void aMalformedPercentEscapeIsA400AndTheExchangeEnds() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            for (String target : List.of("/api/external/x?x=%zz", "/api/namespaces?x=%", "/api/namespaces?x=%4",
                    "/api/namespaces/%zz", "/api/namespaces/%", "/?x=%zz")) {
                for (String method : List.of("GET", "POST")) {
                    RawHttp.Answer a = RawHttp.send(root.port(), method, target, Map.of("Authorization", "Bearer " + root.rootToken),
                            "{}".getBytes(StandardCharsets.UTF_8), 5_000, 0);
                    assertEquals(400, a.status(), method + " " + target + " answered " + a.head() + a.body());
                    assertTrue(a.body().contains("percent-escape"), a.body());
                }
            }
        }
    }

    @Test
    void oddMethodsAndContentTypesNeverGetA500() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + root.rootToken);
            List<String> wrong = new ArrayList<>();
            for (String path : List.of("/api/namespaces", "/api/tokens/whoami", "/api/external/x", "/", "/api/nothing")) {
                check(wrong, root, "OPTIONS", path, Map.of("Content-Type", "application/json"), "{\"a\":1}");
                check(wrong, root, "HEAD", path, Map.of("Content-Type", "application/json"), "{\"a\":1}");
                check(wrong, root, "GET", path, Map.of("Content-Type", "multipart/form-data; boundary=x"),
                        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n");
                check(wrong, root, "GET", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=1&b=%zz");
                check(wrong, root, "DELETE", path, Map.of("Content-Type", "multipart/form-data"), "garbage");
                check(wrong, root, "POST", path, Map.of("Content-Type", "multipart/form-data; boundary=x"), "--x\r\nbroken");
                check(wrong, root, "PATCH", path, Map.of("Content-Type", "text/plain"), "\u0000\u0001");
            }
            assertEquals(List.of(), wrong, "requests answered 5xx or not at all");
            // with a token, a GET that names multipart gets its normal answer or a 400 that names the header
            RawHttp.Answer a = RawHttp.send(root.port(), "GET", "/api/namespaces",
                    Map.of("Authorization", "Bearer " + root.rootToken, "Content-Type", "multipart/form-data; boundary=x"),
                    "--x--\r\n".getBytes(StandardCharsets.UTF_8), 5_000, 0);
            assertTrue(a.status() == 200 || a.status() == 400 && a.body().contains("content-type"), a.head() + a.body());
            assertEquals(200, RawHttp.send(root.port(), "GET", "/api/namespaces", auth, null).status(), "the server still answers");
        }
    }

    @Test
    void anEarlyAnswerClosesTheConnectionOfAClientThatSentItsBody() {
        GoferTestServer.requireDocker();
        try (GoferTestServer root = GoferTestServer.start()) {
            byte[] body = ("{\"id\":\"r\",\"description\":\"" + "x".repeat(256 * 1024) + "\",\"permissions\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            // no token: 401 before the body is read
            RawHttp.Answer a = RawHttp.send(root.port(), "POST", "/api/roles", Map.of("Content-Type", "application/json"), body, 5_000, 5_000);
            assertEquals(401, a.status(), a.head());
            assertTrue(a.head().toLowerCase().contains("connection: close"), a.head());
            assertTrue(a.closed(), "the server closed the connection after its early answer");
            // a normal exchange keeps the connection open (keep-alive is not broken for everyone)
            RawHttp.Answer ok = RawHttp.send(root.port(), "GET", "/api/namespaces", Map.of("Authorization", "Bearer " + root.rootToken),
                    null, 5_000, 1_000);
            assertEquals(200, ok.status());
            assertTrue(!ok.closed(), "a complete exchange keeps the connection");
        }
    }

    private static void check(List<String> wrong, GoferTestServer root, String method, String path, Map<String, String> headers, String body) {
        RawHttp.Answer a = RawHttp.send(root.port(), method, path, headers, body.getBytes(StandardCharsets.UTF_8), 5_000, 0);
        if (a.status() < 0 || a.status() >= 500) {
            wrong.add(method + " " + path + " " + headers + " -> " + (a.status() < 0 ? "no answer" : a.head().split("\r\n")[0] + " " + a.body()));
        }
    }
}
