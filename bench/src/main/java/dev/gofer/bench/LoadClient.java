package dev.gofer.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client of the API load benchmarks: a single kept-alive HTTP/1.1 connection, a request written and its whole
 * answer read on the calling thread, nothing in between. The JDK's {@code HttpClient} hands every exchange between
 * the caller, its selector thread and its executor; on 2 cores beside 1,000 containers those hand-offs took
 * more CPU than the server under test (bench/PROFILE.md, "Twenty-third session") and their scheduling delays were
 * part of every figure, the floor's included. A load generator should cost the machine as little as it can.
 */
final class LoadClient implements Closeable {
    /**
     * A response: its status and raw body, decoded only by {@link #body()} (the benchmarks read it for error messages
     * only, so a successful answer is never turned into a String).
     */
    record Answer(int status, byte[] raw) {
        String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final String authorization;
    private final byte[] buf = new byte[8192];

    LoadClient(int port, String token) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        host = "127.0.0.1:" + port;
        authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /** {@code GET path}, the answer read to its end. */
    Answer get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + authorization + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                line(); // the CRLF after each chunk
            }
            while (!line().isEmpty()) {
                // trailers, none expected
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("GET " + path + ": answer " + code + " without a length, cannot keep the connection");
        }
        if (close) {
            throw new IOException("GET " + path + ": the server closed the connection (answer " + code + ")");
        }
        return new Answer(code, body.toByteArray());
    }

    /** A chunk's size line: hex digits, perhaps followed by extensions after a ';'. */
    private long chunkSize() throws IOException {
        return Long.parseLong(line().split(";")[0].trim(), 16);
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("connection closed inside an answer");
            }
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed inside an answer's head");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
