package dev.gofer.cli.secret;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the pipeline and global secret commands do, given where the secrets live. */
final class SecretActions {
    private SecretActions() {
    }

    /** {@code -} reads the value from stdin (one trailing newline dropped), so it stays out of shell history. */
    static String value(String given) throws IOException {
        if (!given.equals("-")) {
            return given;
        }
        String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        return in.endsWith("\r\n") ? in.substring(0, in.length() - 2) : in.endsWith("\n") ? in.substring(0, in.length() - 1) : in;
    }

    static int list(ApiOptions api, String secrets, boolean global) {
        JsonNode response = api.client().listSecrets(secrets);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
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
            api.out().println("no secrets");
            api.out().flush();
        } else {
            table.print(api.out());
        }
        return 0;
    }

    static int get(ApiOptions api, String secrets, String key, boolean includeSecret) {
        JsonNode response = api.client().getSecret(secrets, key, includeSecret);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        JsonNode meta = response.path("metadata");
        api.out().printf("key:        %s%n", meta.path("key").asText());
        if (meta.path("namespaces").size() > 0) {
            api.out().printf("namespaces: %s%n", String.join(", ", strings(meta.path("namespaces"))));
        }
        api.out().printf("created:    %s%n", HumanTime.ago(meta.path("created").asLong(), System.currentTimeMillis()));
        if (includeSecret) {
            api.out().printf("secret:     %s%n", response.path("secret").asText());
        }
        api.out().flush();
        return 0;
    }

    static int put(ApiOptions api, String secrets, String key, String value, List<String> namespaces, boolean force) {
        JsonNode response = api.client().putSecret(secrets, key, value, namespaces, force);
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        api.out().printf("stored secret %s%n", response.path("secret").path("key").asText(key));
        api.out().flush();
        return 0;
    }

    static int delete(ApiOptions api, String secrets, String key) {
        api.client().deleteSecret(secrets, key);
        api.out().printf("deleted secret %s%n", key);
        api.out().flush();
        return 0;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
