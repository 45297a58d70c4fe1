package dev.gofer.cli.service;

import java.io.IOException;
import dev.gofer.config.Setting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Exit 0 when the local server answers {@code /api/system/metadata}, 1 otherwise: the gofer image's HEALTHCHECK,
 * which so needs no curl or wget in the base image.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check that the local Gofer server answers (exit 0) or not (exit 1); the image's HEALTHCHECK.", "",
                "Example:", "  gofer service health --port 8080", ""})
public final class HealthService implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--port", paramLabel = "PORT", description = "API port (default: env GOFER_PORT, else 8080)")
    Integer port;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "how long to wait for an answer (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        int p = port != null ? port : Integer.parseInt(System.getenv().getOrDefault(Setting.PORT.env(), Setting.PORT.defaultValue()).trim());
        URI uri = URI.create("http://127.0.0.1:" + p + "/api/system/metadata");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                spec.commandLine().getOut().println("healthy: " + uri + " answered 200");
                return 0;
            }
            spec.commandLine().getErr().println("unhealthy: " + uri + " answered " + response.statusCode());
        } catch (IOException e) {
            spec.commandLine().getErr().println("unhealthy: nothing answers at " + uri + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }
}
