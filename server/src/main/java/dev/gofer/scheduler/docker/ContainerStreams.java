package dev.gofer.scheduler.docker;

import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import dev.gofer.scheduler.Scheduler.ExitWatch;
import dev.gofer.scheduler.Scheduler.LogSink;
import dev.gofer.scheduler.SchedulerException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * A followed container's two long requests, read on the thread that follows it: the log stream and the exit wait.
 * docker-java reads each streamed answer on a thread of its own, so a running container held three threads (the
 * follower, waiting, and docker-java's two readers); here it holds one. Every thread's stack is scanned at every
 * young collection, so at 1,000 containers in flight the threads cost each collection milliseconds
 * (bench/PROFILE.md, "Sixteenth session").
 */
final class ContainerStreams {
    private final DockerHttpClient http;
    /** {@code /v1.41} when an API version is set, else empty: the engine's own version. */
    private final String prefix;
    private final BiFunction<String, RuntimeException, SchedulerException> wrap;

    ContainerStreams(DockerHttpClient http, RemoteApiVersion version, BiFunction<String, RuntimeException, SchedulerException> wrap) {
        this.http = http;
        this.prefix = prefix(version);
        this.wrap = wrap;
    }

    /** {@code /v1.41} when an API version is set, else empty: the engine's own version. */
    static String prefix(RemoteApiVersion version) {
        return version == null || version == RemoteApiVersion.UNKNOWN_VERSION ? "" : "/v" + version.getVersion();
    }

    /**
     * Sends the wait now (the engine answers its headers at once and its body at the exit), so that when the log stream
     * ends the exit code is there; {@link ExitWatch#exitCode} reads it on the calling thread.
     */
    ExitWatch watchExit(String containerId) {
        String what = "lost track of container " + containerId;
        DockerHttpClient.Response response;
        try {
            response = open(Request.Method.POST, "/containers/" + containerId + "/wait", what);
        } catch (SchedulerException e) {
            return failed(e);
        }
        return new ExitWatch() {
            @Override
            public int exitCode() throws SchedulerException {
                try {
                    return exitCodeOf(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8), what);
                } catch (IOException e) {
                    throw wrap.apply(what, new UncheckedIOException(e));
                }
            }

            @Override
            public void close() {
                response.close(); // drops the connection rather than reading the answer to its end
            }
        };
    }

    /** Copies the container's output to {@code sink} from its start until it exits, on the calling thread. */
    void streamLogs(String containerId, LogSink sink) throws SchedulerException {
        String what = "could not read logs of container " + containerId;
        // only the response is closed: closing its body would read the rest of the stream, to the container's exit
        try (DockerHttpClient.Response response = open(Request.Method.GET,
                "/containers/" + containerId + "/logs?follow=1&stdout=1&stderr=1", what)) {
            LogFrames.copy(response.getBody(), sink);
        } catch (IOException e) {
            throw wrap.apply(what, new UncheckedIOException(e));
        }
    }

    /** The wait's answer: {@code {"StatusCode": 137, "Error": null}}. */
    static int exitCodeOf(String body, String what) throws SchedulerException {
        try {
            JsonObject answer = new JsonObject(body);
            Integer code = answer.getInteger("StatusCode");
            JsonObject error = answer.getJsonObject("Error");
            if (error != null && error.getString("Message") != null && !error.getString("Message").isEmpty()) {
                throw new SchedulerException(what + ": " + error.getString("Message"));
            }
            return code == null ? -1 : code;
        } catch (DecodeException | ClassCastException e) {
            throw new SchedulerException(what + ": the engine's answer to the wait is not its JSON: " + body);
        }
    }

    private DockerHttpClient.Response open(Request.Method method, String path, String what) throws SchedulerException {
        DockerHttpClient.Response response;
        try {
            response = http.execute(Request.builder().method(method).path(prefix + path).build());
        } catch (RuntimeException e) {
            throw wrap.apply(what, e);
        }
        if (response.getStatusCode() == 200) {
            return response;
        }
        try (response) {
            String text = new String(response.getBody().readNBytes(4096), StandardCharsets.UTF_8);
            throw new SchedulerException(what + ": the engine answered " + response.getStatusCode() + ": " + messageOf(text));
        } catch (IOException e) {
            throw new SchedulerException(what + ": the engine answered " + response.getStatusCode());
        }
    }

    /** The engine's error answer {@code {"message": "..."}}, or its text when it is not that. */
    static String messageOf(String text) {
        try {
            return new JsonObject(text).getString("message", text).strip();
        } catch (DecodeException | ClassCastException e) {
            return text.strip();
        }
    }

    private static ExitWatch failed(SchedulerException e) {
        return new ExitWatch() {
            @Override
            public int exitCode() throws SchedulerException {
                throw e;
            }

            @Override
            public void close() {
            }
        };
    }
}
