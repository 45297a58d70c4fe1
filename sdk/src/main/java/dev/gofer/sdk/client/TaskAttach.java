package dev.gofer.sdk.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * One attach session ({@link TaskExecutions#attach}) over the server's WebSocket: frames from the server start with
 * 1 (stdout) or 2 (stderr); what the caller's input holds goes to the command as binary frames. The server closes
 * the socket with reason {@code "exit code N"} when the command exits, or 1011 and why when it could not run.
 */
final class TaskAttach implements WebSocket.Listener {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final boolean endWithInput;

    TaskAttach(OutputStream stdout, OutputStream stderr, boolean endWithInput) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.endWithInput = endWithInput;
    }

    /** What a refused attach means, by its HTTP status. */
    static String refused(int status, String task, long run) {
        return switch (status) {
            case 400 -> "the server refused the command (HTTP 400)";
            case 401 -> "no or bad token (HTTP 401): see gofer token --help";
            case 403 -> "not allowed (HTTP 403): attaching needs write permission on the pipeline and its task executions";
            case 404 -> "no task " + task + " in run " + run + " (HTTP 404)";
            case 409 -> "task " + task + " of run " + run + " is not running (HTTP 409): attach works only while a task runs";
            default -> "attaching failed with HTTP " + status;
        };
    }

    /** Copies {@code stdin} to the socket until it ends (then, with endWithInput, closes the socket) or the session ends; returns the exit code. */
    int run(WebSocket socket, InputStream stdin) {
        Thread input = new Thread(() -> pump(socket, stdin), "gofer-attach-stdin");
        input.setDaemon(true); // a read of the terminal blocks; the process may end without it
        input.start();
        try {
            return exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.abort();
            return -1;
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("the attach session failed: " + e.getCause().getMessage(), e.getCause()));
        }
    }

    private void pump(WebSocket socket, InputStream stdin) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (!exit.isDone() && (n = stdin.read(buffer)) != -1) {
                socket.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buffer, n)), true).join();
            }
            if (endWithInput && !exit.isDone()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "end of input").join();
            }
        } catch (IOException | RuntimeException e) {
            socket.abort();
            exit.complete(-1);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            if (frame.length > 1) {
                OutputStream out = frame[0] == 2 ? stderr : stdout;
                try {
                    out.write(frame, 1, frame.length - 1);
                    out.flush();
                } catch (IOException e) {
                    webSocket.abort();
                    exit.completeExceptionally(e);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (statusCode == 1011) {
            exit.completeExceptionally(new IOException(reason));
        } else if (reason != null && reason.startsWith("exit code ")) {
            exit.complete(Integer.parseInt(reason.substring("exit code ".length()).trim()));
        } else {
            exit.complete(-1); // closed by us (end of input) before the command said how it ended
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        exit.completeExceptionally(error);
    }
}
