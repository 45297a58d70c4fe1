package dev.gofer.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Node scripts under {@code src/test/browser/} (Playwright driving Debian's headless
 * Chromium) and fails the test, with the script's whole output, if it exits non-zero. Missing Chromium or
 * npm packages fail loudly with the command that installs them.
 */
final class BrowserScript {
    static final Path DIR = Path.of("src/test/browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path ARTIFACTS = Path.of("target/dashboard").toAbsolutePath();

    private BrowserScript() {
    }

    static void requireBrowser() {
        assertTrue(Files.isExecutable(CHROMIUM),
                "dashboard tests need Debian's chromium at " + CHROMIUM + "; run `bash scripts/test-env.sh` (as root) first");
        assertTrue(Files.isDirectory(DIR.resolve("node_modules/playwright-core")),
                "dashboard tests need playwright-core in " + DIR + "/node_modules; run `bash scripts/test-env.sh` "
                        + "(it runs `npm ci` there) first");
    }

    /** Runs {@code node <script>} with the given environment; returns its output. */
    static String run(String script, Map<String, String> env, Duration timeout) {
        requireBrowser();
        try {
            // one folder per script, emptied first, so the screenshots are this run's only
            Path artifacts = ARTIFACTS.resolve(script.replaceFirst("\\.[a-z]+$", ""));
            if (Files.isDirectory(artifacts)) {
                try (var old = Files.list(artifacts)) {
                    for (Path f : (Iterable<Path>) old::iterator) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(artifacts);
            ProcessBuilder pb = new ProcessBuilder("node", DIR.resolve(script).toString())
                    .directory(DIR.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            pb.environment().put("ARTIFACTS", artifacts.toString());
            Process p = pb.start();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        System.out.println("[" + script + "] " + line);
                        synchronized (out) {
                            out.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                reader.join(5000);
                fail(script + " did not finish within " + timeout + "; output so far:\n" + out);
            }
            reader.join(10000);
            String output;
            synchronized (out) {
                output = out.toString();
            }
            assertEquals(0, p.exitValue(), script + " failed (screenshots in " + artifacts + "):\n" + output);
            return output;
        } catch (IOException e) {
            return fail("could not run `node` (needs Node.js 18+ on PATH; `bash scripts/test-env.sh` installs it): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        }
    }
}
