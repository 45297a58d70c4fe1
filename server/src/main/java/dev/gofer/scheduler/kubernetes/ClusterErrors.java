package dev.gofer.scheduler.kubernetes;

import java.io.IOException;

/** How the scheduler tells "no API server there" from an answer it did not like. */
final class ClusterErrors {
    private ClusterErrors() {
    }

    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) { // ConnectException, UnknownHostException, a reset connection
                return true;
            }
        }
        return false;
    }
}
