package dev.gofer.scheduler.docker;

import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS settings docker-java's HTTP client is built with. Nothing is encrypted over a unix socket or a Windows pipe,
 * but the client sets TLS up anyway, and given no TLS settings it builds the JDK's default context, which parses
 * every certificate in the JDK's trust store: most of the CPU a start spent on the Docker client, beside the start
 * (bench/PROFILE.md, "Cold start, round 2"). For those sockets it gets a context that trusts nothing and that no
 * connection ever uses. An engine over TCP with TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) keeps its own settings;
 * one over plain TCP keeps the default.
 */
final class EngineTls {
    private EngineTls() {
    }

    /** {@code configured} (docker-java's, from the environment) unless the engine is local and has none. */
    static SSLConfig forHost(URI engine, SSLConfig configured) {
        if (configured != null || engine == null) {
            return configured;
        }
        String scheme = engine.getScheme();
        return "unix".equals(scheme) || "npipe".equals(scheme) ? EngineTls::trustingNothing : null;
    }

    private static SSLContext trustingNothing() throws NoSuchAlgorithmException, KeyManagementException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
    }
}
