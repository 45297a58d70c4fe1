package dev.gofer.extensions;

import dev.gofer.bus.Bus.StartRun;
import dev.gofer.events.Actor;
import dev.gofer.model.Initiator;
import dev.gofer.model.Variable;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.KeyedGrpc;
import dev.gofer.proto.extension.v1.ExtensionHostGrpcService;
import dev.gofer.proto.extension.v1.StartRunRequest;
import dev.gofer.proto.extension.v1.StartRunResponse;
import dev.gofer.runs.Runs;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ExtensionHost}: what extension containers call Gofer for (start a run of a subscribed pipeline; keep
 * values). Every call is answered only for the running extension whose current key it carries.
 */
final class ExtensionHostService {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionHostService.class);

    private final Function<String, Optional<String>> authenticate;
    private final ExtensionStore store;
    private final Runs runs;
    private final ExtensionValues values;

    /** {@code authenticate}: which running extension holds this key, if any. */
    ExtensionHostService(Function<String, Optional<String>> authenticate, ExtensionStore store, Runs runs, ExtensionValues values) {
        this.authenticate = authenticate;
        this.store = store;
        this.runs = runs;
        this.values = values;
    }

    void serveOn(GrpcServer grpc) {
        serve(grpc, ExtensionHostGrpcService.StartRun, this::startRun);
        serve(grpc, ExtensionHostGrpcService.GetValue, values::get);
        serve(grpc, ExtensionHostGrpcService.PutValue, values::put);
        serve(grpc, ExtensionHostGrpcService.DeleteValue, values::delete);
        serve(grpc, ExtensionHostGrpcService.ListKeys, (extensionId, req) -> values.keys(extensionId));
    }

    private <Req, Resp> void serve(GrpcServer grpc, ServiceMethod<Req, Resp> method, BiFunction<String, Req, Future<Resp>> handler) {
        KeyedGrpc.serve(grpc, method, authenticate,
                (name, why) -> LOG.warn("refused {} call: {} (no running extension holds that key)", name, why), handler);
    }

    /** StartRun from {@code extensionId}: only of a pipeline with an active subscription to it, as the extension. */
    Future<StartRunResponse> startRun(String extensionId, StartRunRequest req) {
        return store.subscription(req.getNamespaceId(), req.getPipelineId(), extensionId, req.getSubscriptionId()).compose(sub -> {
            if (sub.isEmpty() || !ExtensionSubscription.ACTIVE.equals(sub.get().status())) {
                LOG.warn("extension {} asked to start a run of {}/{} without an active subscription '{}': refused",
                        extensionId, req.getNamespaceId(), req.getPipelineId(), req.getSubscriptionId());
                return Future.failedFuture(new GrpcCallException(GrpcStatus.PERMISSION_DENIED, "extension '" + extensionId
                        + "' may only start runs of pipelines subscribed to it; " + req.getNamespaceId() + "/" + req.getPipelineId()
                        + " has no active subscription '" + req.getSubscriptionId() + "' to it"));
            }
            Initiator initiator = new Initiator("extension:" + extensionId, extensionId + " (extension)");
            StartRun start = new StartRun(req.getNamespaceId(), req.getPipelineId(), Map.copyOf(req.getVariablesMap()),
                    initiator, Variable.EXTENSION);
            return runs.start(start, new Actor(initiator.id(), initiator.user()))
                    .map(run -> StartRunResponse.newBuilder().setRunId(run.key().runId()).build())
                    .recover(e -> Future.failedFuture(GrpcErrors.of(e)));
        });
    }
}
