package dev.gofer.bench;

import com.adobe.testing.s3mock.testsupport.common.S3MockStarter;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * 9. Object put and get throughput over the API (MB/s, MB = 2^20 bytes): the same file, in the same run, on the
 * filesystem store and on S3. The S3 server is S3Mock, a stand-in run in this benchmark's JVM over loopback
 * and writing to the same disk: the S3 figures measure Gofer's S3 path (multipart parts, SDK, signing) plus
 * S3Mock, not what AWS or MinIO would give.
 */
final class ObjectThroughput {
    private static final String PIPELINE = "objects";
    private static final long MB = 1024 * 1024;

    private ObjectThroughput() {
    }

    /** S3Mock on a free port with one bucket, its files in a temp folder. */
    private static final class StandInS3 extends S3MockStarter implements AutoCloseable {
        final String bucket = "gofer-bench";
        final Path root;

        StandInS3(Path root) {
            super(Map.of("com.adobe.testing.s3mock.store.initialBuckets", "gofer-bench",
                    "com.adobe.testing.s3mock.store.root", root.toString(), "secureConnection", false, "silent", true));
            this.root = root;
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + getHttpPort();
        }

        @Override
        public void close() throws Exception {
            stop();
            GoferProcess.deleteTree(root);
        }
    }

    static void run(Options options, Report report) throws Exception {
        long size = options.pick(256, 64) * MB;
        int reps = options.pick(3, 1);
        Path file = Files.createTempFile("gofer-bench-object", ".bin");
        try {
            write(file, size);
            try (StandInS3 s3 = new StandInS3(Files.createTempDirectory("gofer-bench-s3"))) {
                measure("filesystem", Map.of(), file, size, reps, options, report);
                measure("S3 (S3Mock stand-in)", Map.of("GOFER_OBJECT_STORE", "s3", "GOFER_S3_ENDPOINT", s3.endpoint(),
                        "GOFER_S3_BUCKET", s3.bucket, "GOFER_S3_PATH_STYLE", "true",
                        "GOFER_S3_ACCESS_KEY", "bench", "GOFER_S3_SECRET_KEY", "bench-secret"), file, size, reps, options, report);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Not all zeros (a store or a link could compress those), written in 1 MB blocks. */
    private static void write(Path file, long size) throws Exception {
        byte[] block = new byte[(int) MB];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }

    private static void measure(String store, Map<String, String> env, Path file, long size, int reps,
                                Options options, Report report) throws Exception {
        System.out.println("  objects on " + store + "...");
        List<Double> put = new ArrayList<>();
        List<Double> get = new ArrayList<>();
        try (GoferProcess gofer = GoferProcess.start(options.jar(), options.jvmFlags(), env)) {
            gofer.bootstrap();
            gofer.deploy(PIPELINE, Map.of("id", PIPELINE, "name", PIPELINE, "tasks", List.of(Context.task("t", "true"))));
            String path = "/api/namespaces/default/pipelines/" + PIPELINE + "/objects/blob.bin";
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> in = gofer.http.send(gofer.request(path + "?force=true").timeout(Duration.ofMinutes(10))
                        .header("content-type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                GoferProcess.expect(in, 201);
                put.add(size / (double) MB / ((System.nanoTime() - t0) / 1e9));
                long t1 = System.nanoTime();
                HttpResponse<Void> out = gofer.http.send(gofer.request(path).timeout(Duration.ofMinutes(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (out.statusCode() != 200 || out.headers().firstValueAsLong("content-length").orElse(-1) != size) {
                    throw new IllegalStateException("GET " + path + " answered " + out.statusCode());
                }
                get.add(size / (double) MB / ((System.nanoTime() - t1) / 1e9));
            }
        }
        String note = (size / MB) + " MB file, POST (streamed, content-length) then GET, over loopback";
        report.add(Row.absolute("Object put throughput, " + store, Stats.of(put), Unit.MB_PER_S, Row.Target.none(), note));
        report.add(Row.absolute("Object get throughput, " + store, Stats.of(get), Unit.MB_PER_S, Row.Target.none(), note));
    }
}
