package dev.gofer.cli.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.ScopedCommand;
import dev.gofer.cli.common.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the secret commands do, written once for pipeline and global secrets. {@link SecretCommands} gives each
 * its name and help, and says which secrets with a {@link Scope}.
 */
final class SecretActions {
    private SecretActions() {
    }

    /** Which secrets: a mixin whose parameter ({@code PIPELINE}, or none for the global ones) comes first. */
    interface Scope {
        /** The secrets' API path. */
        String secrets(ApiOptions api);

        /** Global secrets say which namespaces may use them. */
        boolean global();
    }

    abstract static class SecretCommand extends ScopedCommand<Scope> {
        SecretCommand(Scope scope) {
            super(scope);
        }

        String secrets() {
            return scope.secrets(api);
        }
    }

    abstract static class ListSecrets extends SecretCommand {
        ListSecrets(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() {
            JsonNode response = api.client().secrets().list(secrets());
            if (api.json()) {
                api.printJson(response);
                return 0;
            }
            boolean global = scope.global();
            Table table = global ? new Table("KEY", "NAMESPACES", "CREATED") : new Table("KEY", "CREATED");
            long now = System.currentTimeMillis();
            for (JsonNode s : Fields.required(response, "secrets")) {
                String created = HumanTime.ago(s.path("created").asLong(), now);
                if (global) {
                    table.row(s.path("key").asText(), String.join(",", strings(s.path("namespaces"))), created);
                } else {
                    table.row(s.path("key").asText(), created);
                }
            }
            if (table.isEmpty()) {
                api.println("no secrets");
            } else {
                table.print(api.out());
            }
            return 0;
        }
    }

    abstract static class GetSecret extends SecretCommand {
        @Parameters(paramLabel = "KEY", description = "secret key")
        String key;

        @Option(names = {"-i", "--include-secret"}, description = "also print the value")
        boolean include;

        GetSecret(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() {
            JsonNode response = api.client().secrets().get(secrets(), key, include);
            api.print(response, out -> {
                JsonNode meta = response.path("metadata");
                out.printf("key:        %s%n", meta.path("key").asText());
                if (meta.path("namespaces").size() > 0) {
                    out.printf("namespaces: %s%n", String.join(", ", strings(meta.path("namespaces"))));
                }
                out.printf("created:    %s%n", HumanTime.ago(meta.path("created").asLong(), System.currentTimeMillis()));
                if (include) {
                    out.printf("secret:     %s%n", response.path("secret").asText());
                }
            });
            return 0;
        }
    }

    abstract static class PutSecret extends SecretCommand {
        @Parameters(paramLabel = "KEY", description = "secret key: letters, digits, '.', '_', '-'")
        String key;

        @Parameters(paramLabel = "VALUE", description = "the value, or - to read it from stdin")
        String value;

        @Option(names = {"-f", "--force"}, description = "replace the secret if the key exists")
        boolean force;

        PutSecret(Scope scope) {
            super(scope);
        }

        /** The namespace patterns to store with the secret; only global secrets have them. */
        List<String> namespaces() {
            return null;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode response = api.client().secrets().put(secrets(), key, value(), namespaces(), force);
            api.print(response, out -> out.printf("stored secret %s%n", response.path("secret").path("key").asText(key)));
            return 0;
        }

        /** {@code -} reads the value from stdin (one trailing newline dropped), so it stays out of shell history. */
        private String value() throws IOException {
            if (!value.equals("-")) {
                return value;
            }
            String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            return in.endsWith("\r\n") ? in.substring(0, in.length() - 2) : in.endsWith("\n") ? in.substring(0, in.length() - 1) : in;
        }
    }

    abstract static class DeleteSecret extends SecretCommand {
        @Parameters(paramLabel = "KEY", description = "secret key")
        String key;

        DeleteSecret(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() {
            api.client().secrets().delete(secrets(), key);
            api.printf("deleted secret %s%n", key);
            return 0;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
