package dev.gofer.cli.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a training start ({@code service start --exit-when-ready}) asks the server it just started, so the
 * class-data archive written at its exit holds the classes of answering requests too, not only of starting: the
 * metadata route (the first request a client or the benchmark makes) and an API route that checks a token. Plain
 * HTTP/1.1 over a socket: an HTTP client would put its own classes in the archive, which the server never loads.
 */
final class TrainingRequests {
    static final List<String> PATHS = List.of("/api/system/metadata", "/api/namespaces/default/pipelines");

    private TrainingRequests() {
    }

    /** Sends each request and reads its answer; returns the status lines. */
    static List<String> send(int port) throws IOException {
        return PATHS.stream().map(path -> {
            try {
                return get(port, path);
            } catch (IOException e) {
                return "no answer: " + e.getMessage();
            }
        }).toList();
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().findFirst().orElse("empty answer");
        }
    }
}
