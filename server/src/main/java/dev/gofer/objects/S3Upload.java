package dev.gofer.objects;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object going into S3 as a multipart upload, part by part while the bytes arrive. Bytes are copied into
 * part-sized arrays; a full part is sent on an S3 worker while the next one fills. When a part is full and the
 * previous one is still on its way, {@link #writeQueueFull()} says so and the pipe pauses the sender: at most
 * three parts (the one being sent, one waiting, one filling) are in memory per upload.
 *
 * <p>The multipart upload is created with the first part, so nothing is sent for a body that never arrives;
 * {@link #seal()} sends the last part; {@link #publish()} completes the upload, the moment the object appears
 * under its key (inside the index transaction); {@link #discard()} aborts it. An empty object is one PutObject
 * at publish.
 */
final class S3Upload implements ObjectBackend.Upload, WriteStream<Buffer> {
    private final S3Backend store;
    private final String key;
    private final int partSize;
    private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] filling;
    private int filled;
    private long total;
    private String uploadId;
    private Future<Void> sending;
    private Throwable failure;
    private Handler<Void> drainHandler;

    S3Upload(S3Backend store, String key) {
        this.store = store;
        this.key = key;
        this.partSize = store.partSize();
    }

    @Override
    public WriteStream<Buffer> stream() {
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        int at = 0;
        while (at < data.length()) {
            if (filling == null) {
                filling = new byte[partSize];
                filled = 0;
            }
            int n = Math.min(data.length() - at, partSize - filled);
            data.getBytes(at, at + n, filling, filled);
            filled += n;
            at += n;
            if (filled == partSize) {
                ready.add(filling);
                filling = null;
                filled = 0;
            }
        }
        total += data.length();
        sendNext();
        return Future.succeededFuture();
    }

    /** Sends the next full part when none is on its way; when it arrives, sends the next or lets the writer go on. */
    private void sendNext() {
        if (sending != null || ready.isEmpty() || failure != null) {
            return;
        }
        byte[] part = ready.poll();
        sending = send(part, part.length).andThen(ar -> {
            sending = null;
            if (ar.failed()) {
                failure = ar.cause();
                ready.clear();
            }
            sendNext();
            Handler<Void> drain = drainHandler;
            if (drain != null && !writeQueueFull()) {
                drainHandler = null;
                drain.handle(null); // on failure too: the writer resumes and its next write fails the pipe
            }
        });
    }

    private Future<Void> send(byte[] part, int length) {
        int number = parts.size() + 1;
        return store.call("uploading part " + number + " of " + key, () -> {
            if (uploadId == null) {
                uploadId = store.client().createMultipartUpload(b -> b.bucket(store.bucket()).key(key)
                        .contentType("application/octet-stream")).uploadId();
            }
            RequestBody body = RequestBody.fromContentProvider(slice(part, length), length, "application/octet-stream");
            String etag = store.client().uploadPart(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) length), body).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }).map(done -> {
            parts.add(done);
            return null;
        });
    }

    /** The part's bytes without a copy; a new stream per attempt, so the SDK can retry. */
    private static ContentStreamProvider slice(byte[] part, int length) {
        return () -> new ByteArrayInputStream(part, 0, length);
    }

    /** Resolves once every full part has been sent (or one failed). */
    private Future<Void> idle() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        return sending == null ? Future.succeededFuture() : sending.transform(ar -> idle());
    }

    @Override
    public Future<Void> seal() {
        return idle().compose(v -> filled == 0 ? Future.succeededFuture() : send(filling, filled))
                .onSuccess(v -> filling = null)
                .onFailure(e -> failure = e);
    }

    @Override
    public Future<Void> publish() {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        if (total == 0) {
            return store.call("storing empty object " + key, () -> store.client().putObject(b -> b.bucket(store.bucket()).key(key),
                    RequestBody.empty())).mapEmpty();
        }
        List<CompletedPart> all = List.copyOf(parts);
        return store.call("completing the upload of " + key, () -> store.client().completeMultipartUpload(b -> b.bucket(store.bucket())
                .key(key).uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(all).build()))).mapEmpty();
    }

    @Override
    public Future<Void> discard() {
        ready.clear();
        filling = null;
        return (sending == null ? Future.<Void>succeededFuture() : sending.transform(ar -> Future.<Void>succeededFuture()))
                .compose(v -> uploadId == null ? Future.succeededFuture()
                        : store.call("aborting the upload of " + key, () -> store.client().abortMultipartUpload(b -> b.bucket(store.bucket())
                                .key(key).uploadId(uploadId))).<Void>mapEmpty().recover(e -> Future.succeededFuture()));
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    /** Full while a finished part waits for the one on its way. */
    @Override
    public boolean writeQueueFull() {
        return !ready.isEmpty() && failure == null;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drainHandler = handler;
        return this;
    }
}
