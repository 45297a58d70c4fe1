package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.config.ServerSettings;
import dev.gofer.scheduler.ContainerSpec;
import dev.gofer.scheduler.SchedulerException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An engine that takes connections and never answers (what a deadlocked dockerd looks like from outside): a short
 * call ends after docker_call_timeout with a message naming the setting, instead of holding the task forever.
 */
class EngineCallTimeoutTest {
    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void silentEngine() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    held.add(s);
                    InputStream in = s.getInputStream();
                    Thread reader = new Thread(() -> drain(in), "silent-engine-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-engine");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    @DisplayName("a container start on an engine that never answers fails after docker_call_timeout, naming the setting")
    void aStartOnAStalledEngineFailsNamingTheSetting() throws Exception {
        try (DockerScheduler docker = new DockerScheduler("tcp://127.0.0.1:" + silent.getLocalPort(), "1.41", 1, Duration.ofSeconds(1))) {
            long t0 = System.nanoTime();
            SchedulerException e = assertThrows(SchedulerException.class, () -> docker.start(
                    new ContainerSpec("gofer-stalled", "busybox:latest", null, false, null, List.of("true"), Map.of(), Map.of())));
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            assertTrue(seconds < 30, "bounded by the 1 s timeout, took " + seconds + " s");
            assertTrue(e.getMessage().contains("did not answer within 1 s (docker_call_timeout)"), e.getMessage());
            assertTrue(e.getMessage().contains("tcp://127.0.0.1:" + silent.getLocalPort()), e.getMessage());
            assertTrue(held.size() >= 1, "the call did reach the engine");

            String problem = docker.problem().orElseThrow();
            assertTrue(problem.contains("docker_call_timeout"), problem);
        }
    }

    @Test
    @DisplayName("docker_call_timeout: 0 is no bound; a negative value is refused at start, naming the setting")
    void theSettingIsCheckedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.fromJson(new JsonObject().put("docker_call_timeout", "-1")));
        assertEquals("setting docker_call_timeout must be 0 (no bound) or more, got -1", e.getMessage());
        assertEquals(Duration.ZERO, ServerSettings.fromJson(new JsonObject().put("docker_call_timeout", "0")).dockerCallTimeout());
        assertEquals(Duration.ofSeconds(120), ServerSettings.fromJson(new JsonObject()).dockerCallTimeout(), "the default");
    }

    @Test
    @DisplayName("a connect timeout is an engine that is not there, not a stalled one (both are SocketTimeoutExceptions)")
    void aConnectTimeoutIsNotAStall() {
        assertTrue(DockerScheduler.stalled(new RuntimeException(new java.net.SocketTimeoutException("Read timed out"))));
        assertFalse(DockerScheduler.stalled(new RuntimeException(
                new org.apache.hc.client5.http.ConnectTimeoutException("Connect to tcp://10.0.0.1:2375 timed out"))));
        assertFalse(DockerScheduler.stalled(new RuntimeException(new java.io.IOException("Connection refused"))));
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            while (in.read(buffer) >= 0) {
                // read the requests, answer nothing
            }
        } catch (IOException closed) {
            // the test ended
        }
    }
}
