package dev.gofer.extension.sdk;

import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.ExtensionEnvironment;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.DeleteValueRequest;
import dev.gofer.proto.extension.v1.ExtensionGrpcService;
import dev.gofer.proto.extension.v1.ExtensionHostGrpcClient;
import dev.gofer.proto.extension.v1.ExternalEventResponse;
import dev.gofer.proto.extension.v1.GetValueRequest;
import dev.gofer.proto.extension.v1.InfoResponse;
import dev.gofer.proto.extension.v1.InitResponse;
import dev.gofer.proto.extension.v1.ListKeysRequest;
import dev.gofer.proto.extension.v1.Parameter;
import dev.gofer.proto.extension.v1.PutValueRequest;
import dev.gofer.proto.extension.v1.ShutdownResponse;
import dev.gofer.proto.extension.v1.StartRunRequest;
import dev.gofer.proto.extension.v1.SubscribeResponse;
import dev.gofer.proto.extension.v1.UnsubscribeResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs an extension: serves {@code gofer.extension.v1.Extension} on {@code 0.0.0.0:8082}, refuses every call that
 * does not carry the key Gofer handed over, and calls Gofer back at {@code GOFER_EXTENSION_SYSTEM_GOFER_HOST} for
 * {@link ExtensionContext#startRun}.
 *
 * <pre>
 * public static void main(String[] args) {
 *     ExtensionRunner.run(MyExtension::new);   // MyExtension(ExtensionContext context) implements GoferExtension
 * }
 * </pre>
 *
 * Environment (set by Gofer, named in {@link ExtensionEnvironment}): {@code GOFER_EXTENSION_SYSTEM_ID},
 * {@code GOFER_EXTENSION_SYSTEM_KEY}, {@code GOFER_EXTENSION_SYSTEM_GOFER_HOST} ({@code host:port} of Gofer's
 * extension port), optional {@code GOFER_EXTENSION_SYSTEM_BIND_ADDRESS} (default {@code 0.0.0.0:8082}). Install
 * settings arrive in {@link GoferExtension#init} (and, for convenience, as {@code GOFER_EXTENSION_SETTING_<KEY>}).
 */
public final class ExtensionRunner {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final String extensionId;
    private final String key;
    private final SocketAddress gofer;
    private final GrpcClient client;
    private final GoferExtension extension;
    private HttpServer server;

    private ExtensionRunner(Vertx vertx, String extensionId, String key, SocketAddress gofer,
                            Function<ExtensionContext, GoferExtension> factory) {
        this.vertx = vertx;
        this.extensionId = extensionId;
        this.key = key;
        this.gofer = gofer;
        this.client = GrpcClient.client(vertx);
        this.extension = factory.apply(new Context());
    }

    /** Starts the extension from the environment Gofer sets and keeps the process alive; exits with 1 if it cannot. */
    public static void run(Function<ExtensionContext, GoferExtension> factory) {
        Map<String, String> env = System.getenv();
        try {
            String id = need(env, ExtensionEnvironment.ID);
            String key = need(env, ExtensionEnvironment.KEY);
            SocketAddress host = ExtensionEnvironment.hostPort(ExtensionEnvironment.GOFER_HOST, need(env, ExtensionEnvironment.GOFER_HOST));
            SocketAddress bind = ExtensionEnvironment.hostPort(ExtensionEnvironment.BIND_ADDRESS,
                    env.getOrDefault(ExtensionEnvironment.BIND_ADDRESS, ExtensionEnvironment.DEFAULT_BIND_ADDRESS));
            ExtensionRunner runner = start(Vertx.vertx(), id, key, host, bind.host(), bind.port(), factory)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            log("extension " + id + " listening on port " + runner.port() + ", Gofer at " + host);
        } catch (Exception e) {
            System.err.println("extension could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    /** For tests and embedding: serves on {@code port} (0 = any free port) of all interfaces. */
    public static Future<ExtensionRunner> start(Vertx vertx, String extensionId, String key, SocketAddress gofer, int port,
                                                Function<ExtensionContext, GoferExtension> factory) {
        return start(vertx, extensionId, key, gofer, "0.0.0.0", port, factory);
    }

    /** Serves on {@code bindHost:port} (0 = any free port). */
    public static Future<ExtensionRunner> start(Vertx vertx, String extensionId, String key, SocketAddress gofer, String bindHost,
                                                int port, Function<ExtensionContext, GoferExtension> factory) {
        ExtensionRunner runner = new ExtensionRunner(vertx, extensionId, key, gofer, factory);
        return runner.listen(bindHost, port).map(runner);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close().compose(v -> client.close());
    }

    private Future<HttpServer> listen(String bindHost, int port) {
        GrpcServer grpc = GrpcServer.server(vertx);
        Function<String, Optional<Boolean>> auth = given -> KeyedGrpc.sameKey(key, given) ? Optional.of(true) : Optional.empty();
        java.util.function.BiConsumer<String, String> refused = (method, why) ->
                log("refused " + method + ": " + why + " (only Gofer, with this container's key, may call)");
        KeyedGrpc.serve(grpc, ExtensionGrpcService.Info, auth, refused, (c, req) -> Future.succeededFuture(info()));
        KeyedGrpc.serve(grpc, ExtensionGrpcService.Init, auth, refused, (c, req) -> blocking(() -> {
            extension.init(new Settings(req.getSettingsMap()));
            return InitResponse.getDefaultInstance();
        }));
        KeyedGrpc.serve(grpc, ExtensionGrpcService.Subscribe, auth, refused, (c, req) -> blocking(() -> {
            extension.subscribe(new Subscription(new SubscriptionKey(req.getNamespaceId(), req.getPipelineId(),
                    req.getSubscriptionId()), new Settings(req.getSettingsMap())));
            return SubscribeResponse.getDefaultInstance();
        }));
        KeyedGrpc.serve(grpc, ExtensionGrpcService.Unsubscribe, auth, refused, (c, req) -> blocking(() -> {
            extension.unsubscribe(new SubscriptionKey(req.getNamespaceId(), req.getPipelineId(), req.getSubscriptionId()));
            return UnsubscribeResponse.getDefaultInstance();
        }));
        KeyedGrpc.serve(grpc, ExtensionGrpcService.ExternalEvent, auth, refused, (c, req) -> blocking(() -> {
            EventResult result = extension.externalEvent(new ExternalEvent(req.getHeadersMap(), req.getBody().toByteArray(), req.getPath()));
            return ExternalEventResponse.newBuilder().setMessage(result.message()).addAllRuns(result.runs()).build();
        }));
        KeyedGrpc.serve(grpc, ExtensionGrpcService.Shutdown, auth, refused, (c, req) -> blocking(() -> {
            extension.shutdown();
            return ShutdownResponse.getDefaultInstance();
        }));
        return vertx.createHttpServer(new HttpServerOptions().setHost(bindHost).setPort(port))
                .requestHandler(grpc).listen().onSuccess(s -> server = s);
    }

    private InfoResponse info() {
        Documentation doc = extension.documentation();
        return InfoResponse.newBuilder().setExtensionId(extensionId)
                .setDocumentation(dev.gofer.proto.extension.v1.Documentation.newBuilder()
                        .setBody(doc.body())
                        .addAllConfigParams(params(doc.installSettings()))
                        .addAllPipelineSubscriptionParams(params(doc.subscriptionSettings())))
                .build();
    }

    private static List<Parameter> params(List<Documentation.Param> params) {
        return params.stream().map(p -> Parameter.newBuilder().setKey(p.key()).setRequired(p.required())
                .setDocumentation(p.documentation()).build()).toList();
    }

    /** The author's code may block; ordered, so Gofer's calls reach it one at a time and in order. */
    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(() -> {
            try {
                return work.call();
            } catch (ExtensionException e) {
                throw new GrpcCallException(e.status(), e.getMessage());
            }
        }, true);
    }

    private final class Context implements ExtensionContext {
        @Override
        public String extensionId() {
            return extensionId;
        }

        @Override
        public long startRun(SubscriptionKey sub, Map<String, String> variables) {
            StartRunRequest req = StartRunRequest.newBuilder().setNamespaceId(sub.namespaceId()).setPipelineId(sub.pipelineId())
                    .setSubscriptionId(sub.subscriptionId()).putAllVariables(variables).build();
            return callGofer(ExtensionHostGrpcClient.StartRun, req, "start a run of " + sub).getRunId();
        }

        @Override
        public KeyValueStore store() {
            return store;
        }

        private final KeyValueStore store = new KeyValueStore() {
            @Override
            public Optional<String> get(String key) {
                try {
                    return Optional.of(callGofer(ExtensionHostGrpcClient.GetValue, GetValueRequest.newBuilder().setKey(key).build(),
                            "read value '" + key + "'").getValue().toStringUtf8());
                } catch (ExtensionException e) {
                    if (e.status() == GrpcStatus.NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            }

            @Override
            public void put(String key, String value) {
                callGofer(ExtensionHostGrpcClient.PutValue, PutValueRequest.newBuilder().setKey(key)
                        .setValue(com.google.protobuf.ByteString.copyFromUtf8(value)).build(), "store value '" + key + "'");
            }

            @Override
            public void delete(String key) {
                callGofer(ExtensionHostGrpcClient.DeleteValue, DeleteValueRequest.newBuilder().setKey(key).build(), "delete value '" + key + "'");
            }

            @Override
            public List<String> keys() {
                return callGofer(ExtensionHostGrpcClient.ListKeys, ListKeysRequest.getDefaultInstance(), "list keys").getKeysList();
            }
        };

        /** One blocking call to ExtensionHost; Gofer's refusals keep their status, so callers can tell NOT_FOUND apart. */
        private <Req, Resp> Resp callGofer(io.vertx.grpc.common.ServiceMethod<Resp, Req> method, Req req, String what) {
            try {
                return KeyedGrpc.call(client, gofer, method, key, req, CALL_TIMEOUT)
                        .toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof GrpcCallException g) {
                    throw switch (g.status()) {
                        case INVALID_ARGUMENT -> ExtensionException.invalid(g.getMessage());
                        case NOT_FOUND -> ExtensionException.notFound(g.getMessage());
                        default -> ExtensionException.refused("Gofer refused to " + what + ": " + g.status() + " " + g.getMessage());
                    };
                }
                throw ExtensionException.refused("could not reach Gofer at " + gofer + " to " + what + ": " + cause);
            } catch (TimeoutException e) {
                throw ExtensionException.refused("Gofer at " + gofer + " did not answer within " + CALL_TIMEOUT + " (" + what + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExtensionException.refused("interrupted while trying to " + what);
            }
        }

        @Override
        public void log(String message) {
            ExtensionRunner.log(message);
        }
    }

    static void log(String message) {
        System.out.println(Instant.now() + " " + message);
    }

    private static String need(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set; extensions are started by Gofer (gofer extension install)");
        }
        return v;
    }
}
