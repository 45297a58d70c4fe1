package dev.gofer.cli.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gofer.GoferServer;
import dev.gofer.cli.GoferCli;
import dev.gofer.cli.GoferCli.Result;
import dev.gofer.config.ServerSettings;
import dev.gofer.testing.Command;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK example extension (examples/greeter-extension) built and installed the way the README tells a user
 * to: mvn package, docker build, then only `gofer` commands (and one HTTP call, as a webhook sender would make).
 */
class ExtensionCliTest {
    private static final String BASE = "gofer-test/jre:17";
    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static GoferServer server;
    private static GoferCli gofer;
    private static final String IMAGE = "gofer-test/greeter:" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void setUp() throws Exception {
        Path example = Path.of("..", "examples", "greeter-extension").toAbsolutePath().normalize();
        if (!example.resolve("target/extension.jar").toFile().isFile()) {
            fail(example.resolve("target/extension.jar") + " is missing: build it first (mvn -B package -pl examples/greeter-extension -am -DskipTests)");
        }
        sh("the local JRE image " + BASE + " is missing: run `bash scripts/test-env.sh`", "docker", "image", "inspect", BASE);
        sh("docker build of the example failed", "docker", "build", "-q", "--build-arg", "BASE=" + BASE, "-t", IMAGE, example.toString());
        vertx = Vertx.vertx();
        server = GoferServer.start(vertx, ServerSettings.forDataDir(dir.resolve("data"), 0)
                        .withEncryptionKey(dev.gofer.config.EncryptionKey.parse("74657374206b6579206f6620676f6665722074657374732c206e6f7420736563").orElseThrow()))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        gofer = GoferCli.against("http://127.0.0.1:" + server.port(), dir.resolve("cli-config.yaml"));
        GoferCli.Result bootstrap = gofer.run("token", "bootstrap");
        if (bootstrap.exitCode() != 0) {
            fail("token bootstrap failed: " + bootstrap);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (server != null) {
            gofer.run("extension", "uninstall", "greeter");
            GoferCli.awaitNoTaskContainers(dir.resolve("data"));
            server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        Command.docker("rmi", "-f", IMAGE);
    }

    @Test
    void theSdkExampleWorksEndToEndThroughTheCli() throws Exception {
        ok(gofer.run("pipeline", "deploy", "../examples/hello.yaml"));
        Result refused = gofer.run("extension", "install", "greeter", IMAGE, "--setting", "style=whisper");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("setting 'style'") && refused.err().contains("nothing was installed"), refused::toString);
        assertTrue(ok(gofer.run("extension", "list")).out().contains("no extensions installed"), "a refused install stores nothing");
        Result installed = ok(gofer.run("extension", "install", "greeter", IMAGE, "--setting", "style=loud"));
        assertTrue(installed.out().contains("installed extension greeter (running)"), installed::toString);

        Result get = ok(gofer.run("extension", "get", "greeter"));
        assertTrue(get.out().contains("greeting") && get.out().contains("(required)") && get.out().contains("style"), get::toString);

        Result bad = gofer.run("pipeline", "subscribe", "hello", "greeter", "hi");
        assertNotEquals(0, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("'greeting' is required"), bad::toString);
        Result subscribed = ok(gofer.run("pipeline", "subscribe", "hello", "greeter", "hi", "--setting", "greeting=Hello"));
        assertTrue(subscribed.out().contains("subscribed hello to greeter as 'hi' (active)"), subscribed::toString);

        String runId = greet("Ada");
        Result logs = ok(gofer.run("task", "logs", "hello", runId, "greet"));
        assertTrue(logs.out().startsWith("HELLO FROM ADA, world! (task greet of run " + runId + ")"), logs::toString);
        assertTrue(ok(gofer.run("run", "get", "hello", runId)).out().contains("GREETING_NUMBER=1"), "counted in the extension's store");

        assertTrue(ok(gofer.run("extension", "list")).out().matches("(?s).*greeter\\s+\\S+\\s+enabled\\s+running.*"));
        assertTrue(ok(gofer.run("extension", "logs", "greeter")).out().contains("subscribed default/hello/hi"));
        ok(gofer.run("pipeline", "unsubscribe", "hello", "greeter", "hi"));
        ok(gofer.run("extension", "disable", "greeter"));
        assertTrue(ok(gofer.run("extension", "list")).out().matches("(?s).*greeter\\s+\\S+\\s+disabled\\s+exited.*"));
        ok(gofer.run("extension", "enable", "greeter"));
        assertTrue(ok(gofer.run("extension", "list")).out().matches("(?s).*greeter\\s+\\S+\\s+enabled\\s+running.*"));
        // a new container: its key-value store kept the count
        ok(gofer.run("pipeline", "subscribe", "hello", "greeter", "hi", "--setting", "greeting=Hello"));
        assertTrue(ok(gofer.run("run", "get", "hello", greet("Grace"))).out().contains("GREETING_NUMBER=2"), "the count survived the restart");
        ok(gofer.run("pipeline", "unsubscribe", "hello", "greeter", "hi"));
        ok(gofer.run("extension", "uninstall", "greeter"));
        assertTrue(ok(gofer.run("extension", "list")).out().contains("no extensions installed"));
        assertEquals("", sh("docker ps", "docker", "ps", "-aq", "--filter", "label=gofer.extension=greeter",
                "--filter", "label=gofer.instance=" + ServerSettings.forDataDir(dir.resolve("data"), 0).instanceId()).trim(),
                "the extension's container is removed");
    }

    /** What a webhook sender does: one HTTP call; returns the id of the run it started, once that run finished. */
    private static String greet(String name) throws Exception {
        HttpResponse<String> event = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/api/external/greeter/hi"))
                .POST(HttpRequest.BodyPublishers.ofString(name)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, event.statusCode(), event.body());
        String runId = event.body().replaceAll(".*default/hello#(\\d+).*", "$1");
        await("the run to finish", () -> gofer.run("run", "get", "hello", runId).out().contains("successful"));
        return runId;
    }

    private static Result ok(Result r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static void await(String what, Supplier<Boolean> done) {
        Instant end = Instant.now().plusSeconds(60);
        while (!done.get()) {
            if (Instant.now().isAfter(end)) {
                fail(what + " did not happen within 60 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String sh(String what, String... cmd) {
        Command.Result r = Command.run(Duration.ofSeconds(300), cmd);
        if (!r.ok()) {
            fail(what + ":\n" + r.output());
        }
        return r.output();
    }
}
