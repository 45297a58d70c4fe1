package dev.gofer.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A Server-Sent Events stream read straight off its socket, one line at a time on one thread. The JDK's HttpClient
 * hands a streamed line over through its selector thread and an executor: traced on this machine, a
 * {@code completed_run} line reached the reader 1.5–5 ms after Gofer had written it to the socket, time that is the
 * benchmark client's, not Gofer's. HTTP/1.1 chunk-size lines and blank lines are passed on too; SSE readers skip
 * them (they never start with {@code data:}). Each event is one chunk (Gofer writes it in one piece).
 */
final class SseLines implements Closeable {
    private final Socket socket;
    private final BufferedReader in;

    /** Opens {@code GET path} and returns once the response's headers say 200. */
    SseLines(int port, String path, String token) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (status == null || !status.startsWith("HTTP/1.1 200")) {
            socket.close();
            throw new IOException("GET " + path + " answered " + status);
        }
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
            // the headers: text/event-stream, chunked
        }
    }

    /** Reads on a daemon thread until the stream or the socket closes. */
    void forEach(Consumer<String> line, String threadName) {
        Thread reader = new Thread(() -> {
            try {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    line.accept(l);
                }
            } catch (IOException closed) {
                // the stream was closed: by us at the end, or by the server going away
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
