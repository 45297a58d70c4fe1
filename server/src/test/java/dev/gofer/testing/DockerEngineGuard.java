package dev.gofer.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Ends a test run quickly once the Docker engine has wedged, instead of letting every remaining test wait out its
 * own bounds against it. Docker 20.10 (Debian 12's engine) can deadlock in its network teardown when many
 * containers end at once (moby/moby#46661; docs/schedulers.md): from then on container calls hang until dockerd is
 * restarted. After a test class in which a test failed, this probes the engine with a container that does nothing;
 * if that does not finish within {@link #PROBE_BOUND}, every later test class fails at once with the reason, and
 * {@code scripts/test.sh} restarts the engine and runs the suite again (docs/testing.md).
 *
 * <p>Registered for every test through JUnit's extension auto-detection (the surefire and failsafe settings in the
 * top-level pom.xml) and {@code META-INF/services/org.junit.jupiter.api.extension.Extension}; JUnit makes one
 * instance per test JVM.
 */
public final class DockerEngineGuard implements TestWatcher, AfterAllCallback, BeforeAllCallback {
    static final Duration PROBE_BOUND = Duration.ofSeconds(60);
    private final BooleanSupplier engineAnswers;
    private final AtomicBoolean failedSinceLastProbe = new AtomicBoolean();
    private volatile String wedged;

    public DockerEngineGuard() {
        this(DockerEngineGuard::engineAnswers);
    }

    DockerEngineGuard(BooleanSupplier engineAnswers) {
        this.engineAnswers = engineAnswers;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        testFailed();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        classEnded(context.getRequiredTestClass().getName());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classStarting();
    }

    void testFailed() {
        failedSinceLastProbe.set(true);
    }

    /** After a class with a failure, asks the engine; one that does not answer marks the rest of the run. */
    void classEnded(String testClass) {
        if (wedged == null && failedSinceLastProbe.getAndSet(false) && !engineAnswers.getAsBoolean()) {
            wedged = "the Docker engine stopped answering during " + testClass + " (`docker run --rm busybox:latest"
                    + " true` did not finish within " + PROBE_BOUND.toSeconds() + " s): the Docker 20.10"
                    + " network-teardown deadlock (moby/moby#46661) or a stopped engine. Later test classes fail at"
                    + " once; restart dockerd (scripts/test.sh does, and runs the suite again)";
            System.err.println("DockerEngineGuard: " + wedged);
        }
    }

    void classStarting() {
        if (wedged != null) {
            throw new IllegalStateException("not run: " + wedged);
        }
    }

    /** A container that does nothing, created, started and removed: the calls a wedged engine no longer finishes. */
    static boolean engineAnswers() {
        try {
            Command.run(PROBE_BOUND, "docker", "run", "--rm", "busybox:latest", "true");
            return true;
        } catch (AssertionError timedOutOrNoDocker) {
            return false;
        }
    }
}
