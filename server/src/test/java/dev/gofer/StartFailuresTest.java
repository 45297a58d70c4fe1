package dev.gofer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gofer.config.ServerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 12: every "did not start" names what failed and the setting that fixes it. */
class StartFailuresTest {
    private Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aTakenApiPortNamesThePortAndItsSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            String message = failure(s -> s.with("port", taken.getLocalPort()));
            assertTrue(message.contains("port " + taken.getLocalPort() + " is in use") && message.contains("setting port")
                    && message.contains("--port") && message.contains("GOFER_PORT") && message.contains("0 to pick any free one"), message);
        }
    }

    @Test
    void aTakenExtensionPortNamesThePortAndItsSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            String message = failure(s -> s.with("extension_port", taken.getLocalPort()));
            assertTrue(message.contains("port " + taken.getLocalPort() + " is in use") && message.contains("setting extension_port")
                    && message.contains("--extension-port") && message.contains("GOFER_EXTENSION_PORT"), message);
        }
        // the API deploys beside the supervisor's start: after this failure it is undeployed, with the rest
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!vertx.deploymentIDs().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Set.of(), vertx.deploymentIDs(), "deployments left after a failed start");
    }

    @Test
    void aDataDirThatCannotBeCreatedNamesItAndTheSetting() throws Exception {
        Path file = Files.createTempFile("gofer-not-a-dir", "");
        String message = failure(s -> s.with("data_dir", file.resolve("data").toString()));
        assertTrue(message.contains("cannot create the data dir " + file.resolve("data")) && message.contains("data_dir")
                && message.contains("GOFER_DATA_DIR"), message);
    }

    @Test
    void aDatabaseThatDoesNotAnswerNamesTheStoreSettingAndNoPassword() throws Exception {
        int nothingListens;
        try (ServerSocket s = new ServerSocket(0)) {
            nothingListens = s.getLocalPort();
        }
        String uri = "postgres://gofer:sekrit-pw@127.0.0.1:" + nothingListens + "/gofer";
        String message = failure(s -> s.with("store", uri));
        assertTrue(message.contains("cannot open the PostgreSQL at postgres://***@127.0.0.1:" + nothingListens)
                && message.contains("setting store") && message.contains("GOFER_STORE"), message);
        assertTrue(!message.contains("sekrit-pw"), message);
    }

    @Test
    void aBadConfigFileLineNamesTheFile() throws Exception {
        Path config = Files.createTempFile("gofer-config", ".yaml");
        Files.writeString(config, "port: 9090\ndata_dir: [unclosed\n");
        try {
            ServerSettings.load(vertx, config, new JsonObject()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            fail("a settings file that is not YAML must not load");
        } catch (ExecutionException e) {
            String message = e.getCause().getMessage();
            assertTrue(message.contains(config.toString()) && message.contains("line"), message);
        }
    }

    private String failure(UnaryOperator<ServerSettings> tweak) throws Exception {
        Path dir = Files.createTempDirectory("gofer-start-failure");
        ServerSettings settings = tweak.apply(ServerSettings.forDataDir(dir, 0).withDevelopmentMode(true));
        try {
            GoferServer server = GoferServer.start(vertx, settings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return fail("the server started");
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }
}
