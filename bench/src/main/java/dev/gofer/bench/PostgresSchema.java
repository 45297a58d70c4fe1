package dev.gofer.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A schema of its own for one benchmark server on a shared PostgreSQL database ({@code psql} creates it and drops
 * it with everything in it afterwards): the benchmark never reads or writes anyone else's tables.
 */
final class PostgresSchema implements Closeable {
    private final String uri;
    final String name;

    private PostgresSchema(String uri, String name) {
        this.uri = uri;
        this.name = name;
    }

    /** {@code uri}: {@code postgres://user:password@host:port/database}. */
    static PostgresSchema create(String uri) throws IOException, InterruptedException {
        String name = "gofer_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 4);
        PostgresSchema schema = new PostgresSchema(uri, name);
        schema.psql("create schema " + name);
        return schema;
    }

    /** The server's {@code store} setting for this schema. */
    String storeUri() {
        return uri + "?schema=" + name;
    }

    private void psql(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1", uri, "-c", sql))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("psql '" + sql + "' failed (is PostgreSQL up? bash scripts/test-env.sh): " + out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            psql("drop schema " + name + " cascade");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
