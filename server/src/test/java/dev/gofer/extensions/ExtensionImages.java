package dev.gofer.extensions;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gofer.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a test image of one extension from its shaded {@code target/extension.jar} (made by {@code mvn package}),
 * on the local JRE image since no registry is reachable here. Users run the standard extensions from the gofer
 * image ({@code gofer extension run <id>}, tested by the cli module's GoferImageIT); the server's tests run before
 * that jar exists, so they use these one-jar images. Every image gets a unique tag and is removed by {@link #removeAll()}.
 */
public final class ExtensionImages {
    public static final String BASE = "gofer-test/jre:17";
    private static final List<String> BUILT = new ArrayList<>();

    private ExtensionImages() {
    }

    /** {@code folder} is relative to the repository root, e.g. {@code extensions/interval}. */
    public static synchronized String build(String folder) {
        Path dir = repoRoot().resolve(folder);
        if (!Files.isRegularFile(dir.resolve("target/extension.jar"))) {
            fail(dir.resolve("target/extension.jar") + " is missing: build it first (mvn -B package -pl " + folder
                    + " -am -DskipTests, or the whole reactor with mvn verify)");
        }
        String tag = "gofer-test/" + dir.getFileName() + ":" + UUID.randomUUID().toString().substring(0, 8);
        run(List.of("docker", "image", "inspect", BASE), "the base image " + BASE + " is missing: run `bash scripts/test-env.sh`");
        Path context = null;
        try {
            context = Files.createTempDirectory("gofer-extension-image");
            Files.copy(dir.resolve("target/extension.jar"), context.resolve("extension.jar"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM %s
                    COPY extension.jar /opt/gofer/extension.jar
                    ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-jar", "/opt/gofer/extension.jar"]
                    """.formatted(BASE));
            run(List.of("docker", "build", "-q", "-t", tag, context.toString()), "docker build of " + folder + " failed");
        } catch (IOException e) {
            fail("cannot prepare the build context of " + folder + ": " + e);
        } finally {
            deleteQuietly(context);
        }
        BUILT.add(tag);
        return tag;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind harms nobody
        }
    }

    public static synchronized void removeAll() {
        for (String tag : BUILT) {
            try {
                Command.docker("rmi", "-f", tag);
            } catch (AssertionError e) {
                // best effort: a leftover image with a unique tag harms nobody
            }
        }
        BUILT.clear();
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("extensions"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("cannot find the repository root (a folder with extensions/) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static void run(List<String> cmd, String what) {
        Command.Result r = Command.run(Duration.ofSeconds(300), cmd);
        if (!r.ok()) {
            fail(what + ":\n" + r.output());
        }
    }

    /** Output of a docker CLI command (for inspecting containers in tests): {@link Command#docker}. */
    public static String docker(String... args) {
        return Command.docker(args);
    }
}
