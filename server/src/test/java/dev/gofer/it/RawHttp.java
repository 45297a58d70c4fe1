package dev.gofer.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: no client-side normalisation of the path (as
 * {@code curl --path-as-is}), any method, any header, any body. For tests of what a hostile client can send.
 */
public final class RawHttp {
    /** {@code status} -1 = no answer before the deadline; {@code closed} = the server closed the connection after it. */
    public record Answer(int status, String head, String body, boolean closed) {
    }

    private RawHttp() {
    }

    /**
     * Sends the request and reads the answer within {@code timeoutMillis}; then, if {@code closeWaitMillis} > 0, waits
     * that long to see whether the server closes the connection (else {@code closed} is false).
     */
    public static Answer send(int port, String method, String target, Map<String, String> headers, byte[] body, int timeoutMillis,
                       int closeWaitMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-length")
                    || k.equalsIgnoreCase("transfer-encoding"))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket, closeWaitMillis);
        } catch (IOException e) {
            throw new AssertionError("raw request " + method + " " + target + " failed: " + e, e);
        }
    }

    public static Answer send(int port, String method, String target, Map<String, String> headers, String body) {
        return send(port, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), 10_000, 0);
    }

    /** Reads one response (content-length or chunked bodies), then whether the server closes the connection. */
    private static Answer read(Socket socket, int closeWaitMillis) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int headEnd;
        try {
            while ((headEnd = indexOf(buf.toByteArray(), "\r\n\r\n")) < 0) {
                int b = in.read();
                if (b < 0) {
                    return new Answer(-1, buf.toString(StandardCharsets.ISO_8859_1), "", true);
                }
                buf.write(b);
            }
        } catch (SocketTimeoutException e) {
            return new Answer(-1, buf.toString(StandardCharsets.ISO_8859_1), "", false);
        }
        String head = buf.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        String lower = head.toLowerCase();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (lower.contains("transfer-encoding: chunked")) {
                while (true) {
                    String size = line(in).trim();
                    int n = size.isEmpty() ? 0 : Integer.parseInt(size.split(";")[0], 16);
                    if (n == 0) {
                        line(in);
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(lower);
                if (m.find()) {
                    body.write(in.readNBytes(Integer.parseInt(m.group(1))));
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(status, head, body.toString(StandardCharsets.UTF_8), false);
        }
        if (closeWaitMillis <= 0) {
            return new Answer(status, head, body.toString(StandardCharsets.UTF_8), false);
        }
        boolean closed;
        socket.setSoTimeout(closeWaitMillis);
        try {
            closed = in.read() < 0;
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            closed = true; // reset
        }
        return new Answer(status, head, body.toString(StandardCharsets.UTF_8), closed);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            s.append((char) b);
        }
        return s.toString();
    }

    private static int indexOf(byte[] data, String what) {
        byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + w.length <= data.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (data[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
