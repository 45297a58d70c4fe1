package dev.gofer.it;

import java.nio.file.Path;

/**
 * A Gofer server (development mode, no authentication) in a JVM of its own, so a test can give it a small heap:
 * {@code SmallHeapGofer <data dir>} prints {@code port=<port>} once it listens and stops when its stdin closes.
 */
public final class SmallHeapGofer {
    private SmallHeapGofer() {
    }

    public static void main(String[] args) throws Exception {
        GoferTestServer gofer = GoferTestServer.start(Path.of(args[0]), settings -> settings.withDevelopmentMode(true));
        System.out.println("port=" + gofer.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our stdin (or dies)
        }
        gofer.close();
        System.exit(0);
    }
}
