package dev.gofer.extensions;

import dev.gofer.objects.ObjectKeys;
import dev.gofer.model.GoferException;
import dev.gofer.objects.ObjectScope;
import dev.gofer.objects.ObjectStore;
import dev.gofer.proto.GrpcCallException;
import dev.gofer.proto.extension.v1.DeleteValueRequest;
import dev.gofer.proto.extension.v1.DeleteValueResponse;
import dev.gofer.proto.extension.v1.GetValueRequest;
import dev.gofer.proto.extension.v1.GetValueResponse;
import dev.gofer.proto.extension.v1.ListKeysResponse;
import dev.gofer.proto.extension.v1.PutValueRequest;
import dev.gofer.proto.extension.v1.PutValueResponse;
import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.common.GrpcStatus;

/**
 * ExtensionHost's key-value calls: each extension gets its own store, which is simply its scope of the object
 * store (so users can list and inspect it as the extension's objects, and it outlives the container). The caller
 * is already authenticated by its key; it can only ever reach its own scope.
 */
public final class ExtensionValues {
    /** gRPC messages stay well under the default 4 MiB frame limit; bigger data belongs in the object API. */
    public static final int MAX_VALUE_BYTES = 1024 * 1024;

    private final ObjectStore objects;

    public ExtensionValues(ObjectStore objects) {
        this.objects = objects;
    }

    public Future<GetValueResponse> get(String extensionId, GetValueRequest req) {
        return objects.readSmall(scope(extensionId), checked(req.getKey()), MAX_VALUE_BYTES)
                .compose(found -> found.isPresent()
                        ? Future.succeededFuture(GetValueResponse.newBuilder().setValue(ByteString.copyFrom(found.get().getBytes())).build())
                        : Future.failedFuture(new GrpcCallException(GrpcStatus.NOT_FOUND, "no value under key '" + req.getKey() + "'")))
                .recover(ExtensionValues::asGrpc);
    }

    public Future<PutValueResponse> put(String extensionId, PutValueRequest req) {
        if (req.getValue().size() > MAX_VALUE_BYTES) {
            return Future.failedFuture(GrpcCallException.invalid("value: " + req.getValue().size() + " bytes; at most " + MAX_VALUE_BYTES));
        }
        return objects.put(scope(extensionId), checked(req.getKey()), new OneBuffer(Buffer.buffer(req.getValue().toByteArray())), true)
                .map(r -> PutValueResponse.getDefaultInstance()).recover(ExtensionValues::asGrpc);
    }

    public Future<DeleteValueResponse> delete(String extensionId, DeleteValueRequest req) {
        return objects.delete(scope(extensionId), checked(req.getKey()))
                .recover(e -> e instanceof GoferException g && g.kind() == GoferException.Kind.NOT_FOUND
                        ? Future.succeededFuture() : Future.failedFuture(e))
                .map(v -> DeleteValueResponse.getDefaultInstance()).recover(ExtensionValues::asGrpc);
    }

    public Future<ListKeysResponse> keys(String extensionId) {
        return objects.list(scope(extensionId))
                .map(entries -> ListKeysResponse.newBuilder().addAllKeys(entries.stream().map(e -> e.key()).toList()).build())
                .recover(ExtensionValues::asGrpc);
    }

    private static ObjectScope scope(String extensionId) {
        return new ObjectScope.Extension(extensionId);
    }

    private static String checked(String key) {
        try {
            return ObjectKeys.check(key);
        } catch (GoferException e) {
            throw GrpcCallException.invalid(e.getMessage());
        }
    }

    private static <T> Future<T> asGrpc(Throwable e) {
        return Future.failedFuture(GrpcErrors.of(e));
    }

    /** A read stream of one buffer, paused at first (the object store pipes it, which resumes it). */
    static final class OneBuffer implements ReadStream<Buffer> {
        private final Buffer data;
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        private long demand;
        private boolean emitted;
        private boolean ended;

        OneBuffer(Buffer data) {
            this.data = data;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> h) {
            handler = h;
            deliver();
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            demand = 0;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            return fetch(Long.MAX_VALUE);
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
            deliver();
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> h) {
            endHandler = h;
            deliver();
            return this;
        }

        private void deliver() {
            if (!emitted && handler != null && demand > 0) {
                emitted = true;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                handler.handle(data);
            }
            if (emitted && !ended && endHandler != null) {
                ended = true;
                endHandler.handle(null);
            }
        }
    }
}
