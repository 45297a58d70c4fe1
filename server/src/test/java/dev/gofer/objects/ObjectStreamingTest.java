package dev.gofer.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gofer.it.GoferTestServer;
import dev.gofer.it.TestS3;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 200 MB object streamed in and out of an in-process server: the heap used after a GC, sampled every
 * 25 MB while the bytes flow, stays within a small bound of what it was before (nothing buffers the object).
 * On both object stores; with S3, the S3 server (S3Mock) runs in this JVM too, so its heap counts as well.
 */
class ObjectStreamingTest {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final long SAMPLE_EVERY = 25L * 1024 * 1024;
    /** Far below the object's size: buffering even a quarter of it would break this. */
    private static final long HEAP_GROWTH_BOUND = 40L * 1024 * 1024;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Deterministic bytes (not all zeros), generated as read, sampling the heap as they go. */
    private static final class Generated extends InputStream {
        private final AtomicLong peak;
        private final MessageDigest digest;
        private long position;
        private long nextSample = SAMPLE_EVERY;

        Generated(AtomicLong peak, MessageDigest digest) {
            this.peak = peak;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= SIZE) {
                return -1;
            }
            int n = (int) Math.min(len, SIZE - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = (byte) (p * 31 + (p >>> 13));
            }
            digest.update(b, off, n);
            position += n;
            if (position >= nextSample) {
                nextSample += SAMPLE_EVERY;
                peak.accumulateAndGet(usedAfterGc(), Math::max);
            }
            return n;
        }
    }

    @ParameterizedTest(name = "object_store: {0}")
    @ValueSource(strings = {"filesystem", "s3"})
    void a200MbObjectStreamsInAndOutWithAFlatHeap(String objectStore) throws Exception {
        try (TestS3 s3 = objectStore.equals("s3") ? TestS3.open() : null;
             GoferTestServer gofer = GoferTestServer.start(null, s -> s3 == null ? s.withStore("sqlite") : s3.configure(s.withStore("sqlite")))) {
            gofer.post(GoferTestServer.pipelines("default") + "/big/configs", new JsonObject().put("config",
                    new JsonObject().put("id", "big").put("name", "Big").put("tasks", new JsonArray().add(
                            new JsonObject().put("id", "t").put("image", "busybox:latest")))).encode());
            String url = gofer.url(GoferTestServer.pipelines("default") + "/big/objects/blob.bin");
            HttpClient http = HttpClient.newHttpClient();

            long before = usedAfterGc();
            AtomicLong peakIn = new AtomicLong(before);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            // Chunked (no content-length), so the server must count bytes as they stream; written with
            // blocking writes so the client side holds no more than one chunk.
            java.net.HttpURLConnection put = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            put.setRequestMethod("POST");
            put.setDoOutput(true);
            put.setChunkedStreamingMode(64 * 1024);
            put.setRequestProperty("content-type", "application/octet-stream");
            put.setRequestProperty("Authorization", "Bearer " + gofer.rootToken);
            try (java.io.OutputStream out = put.getOutputStream(); InputStream in = new Generated(peakIn, sent)) {
                in.transferTo(out);
            }
            String putBody = new String(put.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(201, put.getResponseCode(), putBody);
            assertEquals(SIZE, new JsonObject(putBody).getJsonObject("object").getLong("size"));
            if (s3 == null) {
                assertEquals(SIZE, Files.size(gofer.dataDir.resolve("objects/pipeline/default/big/blob.bin")));
            } else {
                assertEquals(SIZE, s3.client().headObject(b -> b.bucket(s3.bucket).key(TestS3.PREFIX + "pipeline/default/big/blob.bin")).contentLength());
            }

            AtomicLong peakOut = new AtomicLong(before);
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            HttpResponse<InputStream> get = http.send(gofer.authorized(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, get.statusCode());
            long total = 0;
            long nextSample = SAMPLE_EVERY;
            try (InputStream in = get.body()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    received.update(buf, 0, n);
                    total += n;
                    if (total >= nextSample) {
                        nextSample += SAMPLE_EVERY;
                        peakOut.accumulateAndGet(usedAfterGc(), Math::max);
                    }
                }
            }
            assertEquals(SIZE, total);
            assertEquals(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(received.digest()));

            long growthIn = peakIn.get() - before;
            long growthOut = peakOut.get() - before;
            System.out.printf(objectStore + ": 200 MB object: heap used after GC before %d MB; peak growth while uploading %d MB, while downloading %d MB%n",
                    before >> 20, growthIn >> 20, growthOut >> 20);
            assertTrue(growthIn < HEAP_GROWTH_BOUND, "heap grew by " + (growthIn >> 20) + " MB while uploading");
            assertTrue(growthOut < HEAP_GROWTH_BOUND, "heap grew by " + (growthOut >> 20) + " MB while downloading");
        }
    }
}
