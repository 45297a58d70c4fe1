package dev.gofer.auth;

import dev.gofer.model.RunKey;
import java.util.Optional;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** An API token as stored: only the SHA-256 hash of its secret, never the secret. Times in epoch ms; expires 0 = never. */
public record Token(String id, String hash, long created, long expires, boolean disabled, String user,
                    List<String> roles, Map<String, String> metadata) {
    public Token {
        roles = List.copyOf(roles);
        metadata = Map.copyOf(metadata);
    }

    /** Metadata keys naming the run a run token is bound to. */
    public static final String RUN_NAMESPACE = "namespace", RUN_PIPELINE = "pipeline", RUN_ID = "run";

    /** A new token for one run's tasks: role {@link Role#RUN_TOKEN}, user {@code run:<ns>/<pipeline>/<run>}, never expires (revoked at run end). */
    public static Token forRun(String id, String hash, long created, RunKey run) {
        return new Token(id, hash, created, 0, false, runUser(run), List.of(Role.RUN_TOKEN), Map.of(
                RUN_NAMESPACE, run.namespaceId(), RUN_PIPELINE, run.pipelineId(), RUN_ID, Long.toString(run.runId())));
    }

    /** Metadata key naming the extension an extension's key is bound to. */
    public static final String EXTENSION = "extension";

    /** An extension container's key as a token: role {@link Role#EXTENSION_TOKEN}, user {@code extension:<id>}. */
    public static Token forExtension(String id, String hash, long created, String extensionId) {
        return new Token(id, hash, created, 0, false, extensionUser(extensionId), List.of(Role.EXTENSION_TOKEN),
                Map.of(EXTENSION, extensionId));
    }

    public static String extensionUser(String extensionId) {
        return "extension:" + extensionId;
    }

    /** The extension this token is bound to, when it is an extension's key (only Gofer mints those). */
    public Optional<String> extension() {
        return roles.contains(Role.EXTENSION_TOKEN) ? Optional.ofNullable(metadata.get(EXTENSION)) : Optional.empty();
    }

    public static String runUser(RunKey run) {
        return "run:" + run;
    }

    /**
     * The run this token is bound to, when it is a run token. Only Gofer mints tokens with {@link Role#RUN_TOKEN}
     * (the API refuses that role), so the metadata of such a token is Gofer's own. A token with that role but no
     * readable run is bound to nothing and may do nothing.
     */
    public Optional<RunKey> run() {
        if (!roles.contains(Role.RUN_TOKEN) || metadata.get(RUN_NAMESPACE) == null || metadata.get(RUN_PIPELINE) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunKey(metadata.get(RUN_NAMESPACE), metadata.get(RUN_PIPELINE),
                    Long.parseLong(metadata.get(RUN_ID))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean expiredAt(long now) {
        return expires != 0 && now >= expires;
    }

    /** The contract's {@code Token}: the hash is never sent. */
    public JsonObject toJson() {
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::put);
        return new JsonObject().put("id", id).put("created", created).put("expires", expires).put("disabled", disabled)
                .put("user", user).put("roles", new JsonArray(roles)).put("metadata", meta);
    }
}
