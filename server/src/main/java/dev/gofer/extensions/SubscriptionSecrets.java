package dev.gofer.extensions;

import dev.gofer.secrets.Secrets;
import dev.gofer.model.GoferException;
import dev.gofer.runs.TaskInputs.Placeholder;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fills {@code pipeline_secret{{KEY}}} and {@code global_secret{{KEY}}} in a subscription's settings just before
 * Gofer sends them to the extension. The store keeps the placeholder (so {@code subscription get} and events never
 * show the value); only the extension, which needs it (a webhook's HMAC secret, say), receives it. Resolution
 * happens at every Subscribe, so a rotated secret reaches the extension at its next restart or re-enable.
 */
public final class SubscriptionSecrets {
    /** Where secret values come from (the secret store; a map in unit tests). */
    public interface Source {
        Future<String> pipelineSecret(String namespaceId, String pipelineId, String key);

        Future<String> globalSecret(String namespaceId, String key);

        /** The server's secret store, with the same rules as for tasks (a global secret must allow the namespace). */
        static Source of(Secrets secrets) {
            return new Source() {
                public Future<String> pipelineSecret(String namespaceId, String pipelineId, String key) {
                    return secrets.forPipelineTask(namespaceId, pipelineId, key);
                }

                public Future<String> globalSecret(String namespaceId, String key) {
                    return secrets.forGlobalTask(namespaceId, key);
                }
            };
        }
    }

    /** Settings as the extension gets them, and the secret values in them (to mask in anything shown to users). */
    public record Resolved(Map<String, String> settings, List<String> secretValues) {
        public Resolved {
            settings = Map.copyOf(settings);
            secretValues = List.copyOf(secretValues);
        }

        /** {@code text} with every secret value replaced by {@code [masked]}: extensions may echo a setting in an error. */
        public String mask(String text) {
            String out = text == null ? "" : text;
            for (String v : secretValues) {
                if (!v.isEmpty()) {
                    out = out.replace(v, "[masked]");
                }
            }
            return out;
        }
    }

    private final Source source;

    public SubscriptionSecrets(Source source) {
        this.source = source;
    }

    /**
     * Refuses placeholders that have no meaning for a subscription (objects belong to runs and tasks), naming the
     * setting. Called before anything is stored or sent.
     */
    public static void check(Map<String, String> settings) {
        settings.forEach((key, value) -> Placeholder.parse(value).ifPresent(p -> {
            if (!p.kind().endsWith("_secret")) {
                throw GoferException.invalid("settings." + key + ": " + p.kind() + "{{...}} cannot be used in a subscription;"
                        + " only pipeline_secret{{KEY}} and global_secret{{KEY}} can");
            }
        }));
    }

    /** Fails with a 400 naming the setting and the secret's key (never a value) when a secret is missing or not allowed. */
    public Future<Resolved> resolve(String namespaceId, String pipelineId, Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        List<String> secretValues = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            Optional<Placeholder> p = Placeholder.parse(setting.getValue());
            if (p.isEmpty()) {
                continue;
            }
            String key = p.get().key();
            String kind = p.get().kind();
            chain = chain.compose(v -> secret(kind, namespaceId, pipelineId, key).transform(found -> {
                if (found.failed()) {
                    return Future.failedFuture(GoferException.invalid("settings." + setting.getKey() + ": " + found.cause().getMessage()));
                }
                out.put(setting.getKey(), found.result());
                secretValues.add(found.result());
                return Future.succeededFuture();
            }));
        }
        return chain.map(v -> new Resolved(out, secretValues));
    }

    private Future<String> secret(String kind, String namespaceId, String pipelineId, String key) {
        return switch (kind) {
            case "pipeline_secret" -> source.pipelineSecret(namespaceId, pipelineId, key);
            case "global_secret" -> source.globalSecret(namespaceId, key);
            default -> Future.failedFuture(new IllegalArgumentException(kind + "{{...}} cannot be used in a subscription"));
        };
    }
}
