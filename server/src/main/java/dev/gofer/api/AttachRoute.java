package dev.gofer.api;

import dev.gofer.events.EventLog;
import dev.gofer.events.NewEvent;
import dev.gofer.model.GoferException;
import dev.gofer.runs.Runs;
import dev.gofer.scheduler.ContainerExec;
import dev.gofer.scheduler.ExecSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET .../runs/{run}/tasks/{task}/attach}: a WebSocket running a command ({@code cmd}, repeated for argv;
 * {@code sh} by default) inside the running task's container. Server to client: binary frames whose first byte says
 * the stream (1 stdout, 2 stderr) and the rest is output. Client to server: binary or text frames, bytes for the
 * command's stdin. The server closes the socket when the command exits (1000, reason {@code "exit code N"}), or when
 * it could not run or the task ended (1011, reason why); a client that closes it ends the session.
 */
final class AttachRoute {
    static final String PATH = "/api/namespaces/:namespace_id/pipelines/:pipeline_id/runs/:run_id/tasks/:task_id/attach";
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    private static final int MAX_ARGS = 64;
    private static final int MAX_ARG_CHARS = 4096;
    /** A WebSocket close reason holds at most 123 bytes. */
    private static final int MAX_REASON = 120;

    private final Vertx vertx;
    private final RunRoutes runRoutes;
    private final Runs runs;
    private final EventLog events;
    private final ContainerExec exec;

    AttachRoute(Vertx vertx, RunRoutes runRoutes, Runs runs, EventLog events, ContainerExec exec) {
        this.vertx = vertx;
        this.runRoutes = runRoutes;
        this.runs = runs;
        this.events = events;
        this.exec = exec;
    }

    void mount(ApiRouter router) {
        router.webSocket(PATH).handler(this::attach);
    }

    private void attach(RoutingContext ctx) {
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
            throw GoferException.invalid("attach is a WebSocket: send a GET with Upgrade: websocket (e.g. gofer task attach)");
        }
        List<String> command = command(ctx.queryParam("cmd"));
        // who attached is recorded (the event names the caller) before the socket opens; never the command, which may hold secrets
        runRoutes.taskKey(ctx).compose(key -> runs.runningContainer(key)
                        .compose(container -> events.record(NewEvent.attachedTaskExecution(key))
                                .compose(e -> ctx.request().toWebSocket())
                                .map(ws -> {
                                    bridge(ws, container, command);
                                    return null;
                                })))
                .onFailure(ctx::fail);
    }

    static List<String> command(List<String> cmd) {
        if (cmd.isEmpty()) {
            return List.of("sh");
        }
        if (cmd.size() > MAX_ARGS) {
            throw GoferException.invalid("cmd: at most " + MAX_ARGS + " arguments (one cmd parameter each), got " + cmd.size());
        }
        for (int i = 0; i < cmd.size(); i++) {
            String arg = cmd.get(i);
            if ((i == 0 && arg.isEmpty()) || arg.length() > MAX_ARG_CHARS || arg.indexOf('\0') >= 0) {
                throw GoferException.invalid("cmd[" + i + "]: must be 1 to " + MAX_ARG_CHARS
                        + " characters without NUL (the program first, then one cmd parameter per argument), e.g. ?cmd=sh");
            }
        }
        return List.copyOf(cmd);
    }

    private void bridge(ServerWebSocket ws, String container, List<String> command) {
        Context context = vertx.getOrCreateContext();
        ExecSession session = new ExecSession((stderr, bytes) -> {
            Buffer frame = Buffer.buffer(bytes.length + 1).appendByte(stderr ? STDERR : STDOUT).appendBytes(bytes);
            context.runOnContext(v -> {
                if (!ws.isClosed()) {
                    ws.writeBinaryMessage(frame);
                }
            });
        });
        ws.binaryMessageHandler(b -> session.send(b.getBytes()));
        ws.textMessageHandler(t -> session.send(t.getBytes(StandardCharsets.UTF_8)));
        ws.closeHandler(v -> session.cancel());
        exec.exec(container, command, session).onComplete(ended -> {
            if (ws.isClosed()) {
                return;
            }
            if (ended.succeeded()) {
                ws.close((short) 1000, "exit code " + ended.result());
            } else {
                String why = String.valueOf(ended.cause().getMessage());
                ws.close((short) 1011, why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why);
            }
        });
    }
}
