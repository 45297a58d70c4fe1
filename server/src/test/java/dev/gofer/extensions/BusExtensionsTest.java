package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.bus.Bus;
import dev.gofer.model.GoferException;
import dev.gofer.proto.GrpcCallException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.grpc.common.GrpcStatus;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Extensions} over a real event bus: answers of any type arrive as sent, and refusals keep the HTTP status
 * and message the API turns into its error body.
 */
class BusExtensionsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Answers list() and logFile(); refuses get() as the supervisor does for an unknown id (thrown, before any work). */
    private Extensions supervisor() {
        return (Extensions) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Extensions.class}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "list" -> Future.succeededFuture(List.of());
                    case "logFile" -> Future.succeededFuture(Path.of("/data/extension-logs", args[0] + ".log"));
                    case "installed" -> Future.succeededFuture(false);
                    case "get" -> throw GoferException.notFound("extension '" + args[0] + "' is not installed");
                    default -> Future.failedFuture(new IllegalStateException("boom"));
                });
    }

    private <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void answersOfAnyTypeArriveAsSent() throws Exception {
        Bus.registerCodecs(vertx);
        BusExtensions.bind(vertx.eventBus(), Future.succeededFuture(supervisor()));
        Extensions extensions = Extensions.onBus(vertx.eventBus());
        assertEquals(List.of(), await(extensions.list()));
        assertEquals(Path.of("/data/extension-logs/tick.log"), await(extensions.logFile("tick")));
        assertEquals(false, await(extensions.installed("tick")));
    }

    @Test
    void aRefusalKeepsItsHttpStatusAndMessage() throws Exception {
        Bus.registerCodecs(vertx);
        BusExtensions.bind(vertx.eventBus(), Future.succeededFuture(supervisor()));
        Extensions extensions = Extensions.onBus(vertx.eventBus());
        Future<ExtensionView> missing = extensions.get("nope");
        missing.toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        ReplyException e = (ReplyException) missing.cause();
        assertEquals(404, e.failureCode());
        assertEquals("extension 'nope' is not installed", e.getMessage());

        Future<Void> broken = extensions.uninstall("tick");
        broken.toCompletionStage().toCompletableFuture().handle((v, x) -> null).get(10, TimeUnit.SECONDS);
        ReplyException internal = (ReplyException) broken.cause();
        assertEquals(500, internal.failureCode());
        assertEquals("internal error in the extension supervisor; see the server log", internal.getMessage(),
                "an internal failure's message stays in the log");
    }

    @Test
    void aRequestBeforeTheSupervisorIsReadyWaitsForIt() throws Exception {
        // the API deploys beside the supervisor's start: the address is bound first, the supervisor comes later
        Bus.registerCodecs(vertx);
        Promise<Extensions> ready = Promise.promise();
        BusExtensions.bind(vertx.eventBus(), ready.future());
        Extensions extensions = Extensions.onBus(vertx.eventBus());
        Promise<Void> delivered = Promise.promise();
        vertx.eventBus().addInboundInterceptor(delivery -> {
            delivery.next(); // the consumer has the request now
            if (Bus.EXTENSIONS.equals(delivery.message().address())) {
                delivered.tryComplete();
            }
        });
        Future<Path> early = extensions.logFile("tick");
        await(delivered.future());
        assertFalse(early.isComplete(), "answered before the supervisor was ready");
        ready.complete(supervisor());
        assertEquals(Path.of("/data/extension-logs/tick.log"), await(early));
    }

    @Test
    void aSupervisorThatNeverBecomesReadyFailsTheRequestsThatWaited() throws Exception {
        Bus.registerCodecs(vertx);
        Promise<Extensions> ready = Promise.promise();
        BusExtensions.bind(vertx.eventBus(), ready.future());
        Future<List<ExtensionView>> early = Extensions.onBus(vertx.eventBus()).list();
        ready.fail(new IllegalStateException("port taken"));
        early.toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        ReplyException e = (ReplyException) early.cause();
        assertEquals(500, e.failureCode());
    }

    @Test
    void anExtensionsRefusalOfAnExternalEventKeepsItsMeaning() {
        GoferException bad = ExtensionSupervisor.refusal("webhook", new GrpcCallException(GrpcStatus.INVALID_ARGUMENT, "no signature"));
        assertEquals(GoferException.Kind.INVALID, bad.kind());
        assertEquals("no signature", bad.getMessage());
        assertEquals(GoferException.Kind.UNAUTHORIZED,
                ExtensionSupervisor.refusal("webhook", new GrpcCallException(GrpcStatus.UNAUTHENTICATED, "x")).kind());
        assertEquals(GoferException.Kind.FORBIDDEN,
                ExtensionSupervisor.refusal("webhook", new GrpcCallException(GrpcStatus.PERMISSION_DENIED, "x")).kind());
        assertEquals(GoferException.Kind.NOT_FOUND,
                ExtensionSupervisor.refusal("webhook", new GrpcCallException(GrpcStatus.NOT_FOUND, "x")).kind());
        GoferException failed = ExtensionSupervisor.refusal("webhook", new GrpcCallException(GrpcStatus.INTERNAL, "crashed"));
        assertEquals(GoferException.Kind.UNAVAILABLE, failed.kind());
        assertTrue(failed.getMessage().startsWith("extension 'webhook' failed to handle the event: "), failed.getMessage());
    }
}
