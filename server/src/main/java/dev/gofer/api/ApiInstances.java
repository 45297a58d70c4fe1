package dev.gofer.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * Deploys the API as several {@link ApiVerticle} instances on one port, an event loop each: Vert.x shares the socket
 * among servers that listen on the same port and hands new connections to their event loops in turn. Servers that
 * ask for port 0 each get a port of their own, so for port 0 a free port is chosen first and all listen on it.
 */
public final class ApiInstances {
    /** Attempts with port 0, in case another process takes the chosen port before the API binds it. */
    private static final int FREE_PORT_ATTEMPTS = 3;

    private ApiInstances() {
    }

    /** The deployment (undeploying it stops every instance) and its first instance, for the port and the routes. */
    public record Deployed(String deploymentId, ApiVerticle first) {
    }

    /** {@code onPort}: a new, undeployed instance listening on the given port. */
    public static Future<Deployed> deploy(Vertx vertx, String bindAddress, int port, int instances, IntFunction<ApiVerticle> onPort) {
        return port != 0 ? deployOn(vertx, port, instances, onPort) : deployOnFreePort(vertx, bindAddress, instances, onPort, FREE_PORT_ATTEMPTS);
    }

    private static Future<Deployed> deployOnFreePort(Vertx vertx, String bindAddress, int instances, IntFunction<ApiVerticle> onPort,
                                                     int attempts) {
        return vertx.executeBlocking(() -> freePort(bindAddress))
                .compose(port -> deployOn(vertx, port, instances, onPort))
                .recover(e -> attempts > 1 && e instanceof BindException
                        ? deployOnFreePort(vertx, bindAddress, instances, onPort, attempts - 1) : Future.failedFuture(e));
    }

    private static Future<Deployed> deployOn(Vertx vertx, int port, int instances, IntFunction<ApiVerticle> onPort) {
        List<ApiVerticle> made = new CopyOnWriteArrayList<>();
        SharedByInstances shared = SharedByInstances.create();
        return vertx.deployVerticle(() -> {
            ApiVerticle api = onPort.apply(port).sharing(shared);
            made.add(api);
            return api;
        }, new DeploymentOptions().setInstances(instances)).map(id -> new Deployed(id, made.get(0)));
    }

    private static int freePort(String bindAddress) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return probe.getLocalPort();
        }
    }
}
