package dev.gofer.cli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.cli.Gofer;
import dev.gofer.sdk.client.GoferClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that talks to the server shares: where it is, which namespace, which output. */
public final class ApiOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--host", paramLabel = "URL",
            defaultValue = "${env:GOFER_HOST:-http://127.0.0.1:8080}",
            description = {"Gofer server URL (env GOFER_HOST)", "default: ${DEFAULT-VALUE}"})
    String host;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            defaultValue = "${env:GOFER_NAMESPACE:-default}",
            description = {"namespace (env GOFER_NAMESPACE)", "default: ${DEFAULT-VALUE}"})
    String namespace;

    @Option(names = "--json", description = "print the server's JSON response instead of a table")
    boolean json;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:GOFER_TOKEN}",
            description = {"API token (env GOFER_TOKEN); default: the token saved in the config file"})
    String token;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:GOFER_CONFIG}",
            description = {"CLI config file holding the token (env GOFER_CONFIG)", "default: ~/.gofer.yaml (~ = $HOME)"})
    Path config;

    private GoferClient client;

    public GoferClient client() {
        if (client == null) {
            client = new GoferClient(host, token != null ? token : CliConfig.token(configFile()));
        }
        return client;
    }

    /** A client that sends no token (for the one-time bootstrap). */
    public GoferClient anonymousClient() {
        return new GoferClient(host, null);
    }

    public Path configFile() {
        return config != null ? config : CliConfig.defaultFile();
    }

    public String namespace() {
        return namespace;
    }

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    public PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    /** One line on stdout, flushed at once so it shows before a slow next step (or the exit). */
    public void println(String line) {
        out().println(line);
        out().flush();
    }

    /** {@link #println} with a format; the format ends the line itself ({@code %n}). */
    public void printf(String format, Object... args) {
        out().printf(format, args);
        out().flush();
    }

    /** With --json the response as the server sent it, else what {@code asText} prints of it. */
    public void print(JsonNode response, Consumer<PrintWriter> asText) {
        if (json) {
            printJson(response);
            return;
        }
        asText.accept(out());
        out().flush();
    }

    /** Writes bytes that must reach stdout unchanged (logs, objects), e.g. {@code out -> client.objects().get(..., out)}. */
    @FunctionalInterface
    public interface ByteWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Runs {@code writer} against the real stdout when gofer is the program, so binary objects and logs pass
     * byte for byte; embedded (tests), against the command line's text output, decoded as UTF-8.
     */
    public void printBytes(ByteWriter writer) throws IOException {
        out().flush();
        OutputStream raw = mixee.root().userObject() instanceof Gofer gofer ? gofer.rawOutput().orElse(null) : null;
        if (raw != null) {
            writer.writeTo(raw);
            raw.flush();
        } else {
            try (WriterOutputStream text = new WriterOutputStream(out())) {
                writer.writeTo(text);
            }
        }
    }

    /** Prints {@code node} as indented JSON on stdout. */
    public void printJson(JsonNode node) {
        try {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
