package dev.gofer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.GoferServer;
import dev.gofer.cli.GoferCli.Result;
import dev.gofer.config.EncryptionKey;
import dev.gofer.config.ServerSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gofer pipeline object`, `gofer run object` and `gofer secret` against a real in-process server and Docker. */
class StoreCommandsTest {
    private static final String VALUE = "cli-Secret-Value-8841";

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static GoferServer server;
    private static GoferCli gofer;

    @BeforeAll
    static void startServer() throws Exception {
        dev.gofer.testing.Command.requireDockerImage("busybox:latest");
        vertx = Vertx.vertx();
        ServerSettings settings = ServerSettings.forDataDir(dir.resolve("data"), 0).withTaskStopTimeout(Duration.ofSeconds(1))
                .withEncryptionKey(EncryptionKey.parse(EndToEndTest.TEST_KEY_HEX).orElseThrow());
        server = GoferServer.start(vertx, settings).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        gofer = GoferCli.against("http://127.0.0.1:" + server.port(), dir.resolve("cli-config.yaml"));
        ok(gofer.run("token", "bootstrap"));
        Path config = dir.resolve("stores.yaml");
        Files.writeString(config, """
                id: stores
                name: Stores
                tasks:
                  - id: use
                    image: busybox:latest
                    variables: { PW: "pipeline_secret{{PW}}", NOTE: "pipeline_object{{note.txt}}" }
                    command: ["sh", "-c", "echo \\"pw=$PW note=$NOTE\\""]
                """);
        ok(gofer.run("pipeline", "deploy", config.toString()));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static Result ok(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    @Test
    void objectsAndSecretsFromTheCommandLineReachATaskAndStayMasked() throws Exception {
        Path note = Files.writeString(dir.resolve("note.txt"), "hello from a file");
        assertTrue(ok(gofer.run("pipeline", "object", "put", "stores", "note.txt", note.toString())).out().contains("stored object note.txt"));
        Result again = gofer.run("pipeline", "object", "put", "stores", "note.txt", note.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("force"), again::toString);
        assertTrue(ok(gofer.run("pipeline", "object", "list", "stores")).out().contains("note.txt"));
        assertEquals("hello from a file", ok(gofer.run("pipeline", "object", "get", "stores", "note.txt")).out());

        ok(gofer.run("secret", "pipeline", "put", "stores", "PW", VALUE));
        Result list = ok(gofer.run("secret", "pipeline", "list", "stores"));
        assertTrue(list.out().contains("PW") && !list.out().contains(VALUE), list::toString);
        assertFalse(ok(gofer.run("secret", "pipeline", "get", "stores", "PW")).out().contains(VALUE));
        assertTrue(ok(gofer.run("secret", "pipeline", "get", "stores", "PW", "-i")).out().contains("secret:     " + VALUE));

        Result run = ok(gofer.run("run", "start", "stores", "--wait"));
        String logs = ok(gofer.run("task", "logs", "stores", "1", "use")).out();
        assertEquals("pw=[masked] note=hello from a file\n", logs, run::toString);
        Result task = ok(gofer.run("task", "get", "stores", "1", "use"));
        Result taskJson = ok(gofer.run("task", "get", "stores", "1", "use", "--json"));
        assertFalse(task.out().contains(VALUE) || taskJson.out().contains(VALUE), task::toString);
        assertTrue(taskJson.out().contains("pipeline_secret{{PW}}"), taskJson::toString);

        Path report = Files.writeString(dir.resolve("report.json"), "{\"ok\":true}");
        ok(gofer.run("run", "object", "put", "stores", "1", "report.json", report.toString()));
        assertTrue(ok(gofer.run("run", "object", "list", "stores", "1")).out().contains("report.json"));
        assertEquals("{\"ok\":true}", ok(gofer.run("run", "object", "get", "stores", "1", "report.json")).out());
        ok(gofer.run("run", "object", "delete", "stores", "1", "report.json"));
        assertEquals(1, gofer.run("run", "object", "get", "stores", "1", "report.json").exitCode());

        ok(gofer.run("secret", "global", "put", "SHARED", "g-value", "--namespaces", "default"));
        Result globals = ok(gofer.run("secret", "global", "list"));
        assertTrue(globals.out().contains("SHARED") && globals.out().contains("default") && !globals.out().contains("g-value"), globals::toString);
        ok(gofer.run("secret", "global", "delete", "SHARED"));
        ok(gofer.run("secret", "pipeline", "delete", "stores", "PW"));
        ok(gofer.run("pipeline", "object", "delete", "stores", "note.txt"));
        assertTrue(ok(gofer.run("pipeline", "object", "list", "stores")).out().contains("has no objects"));
    }
}
