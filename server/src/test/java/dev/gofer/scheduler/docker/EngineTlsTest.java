package dev.gofer.scheduler.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Which TLS settings docker-java's client is built with, per kind of engine address. */
class EngineTlsTest {
    @Test
    void aLocalSocketGetsAContextThatTrustsNothingOthersKeepTheirs() throws Exception {
        SSLConfig unix = EngineTls.forHost(URI.create("unix:///var/run/docker.sock"), null);
        assertNotNull(unix, "a unix socket must not fall back to the JDK's default context (the trust store parse)");
        assertEquals("TLS", unix.getSSLContext().getProtocol());
        assertNotNull(EngineTls.forHost(URI.create("npipe:////./pipe/docker_engine"), null));

        assertNull(EngineTls.forHost(URI.create("tcp://10.0.0.5:2375"), null), "plain TCP: docker-java's default");
        SSLConfig configured = () -> SSLContext.getDefault();
        assertSame(configured, EngineTls.forHost(URI.create("tcp://10.0.0.5:2376"), configured), "TLS settings kept");
        assertSame(configured, EngineTls.forHost(URI.create("unix:///var/run/docker.sock"), configured));
    }
}
