package dev.gofer.extensions.webhook;

import dev.gofer.extension.sdk.Documentation;
import dev.gofer.extension.sdk.Documentation.Param;
import dev.gofer.extension.sdk.EventResult;
import dev.gofer.extension.sdk.ExtensionContext;
import dev.gofer.extension.sdk.ExtensionException;
import dev.gofer.extension.sdk.ExtensionRunner;
import dev.gofer.extension.sdk.ExternalEvent;
import dev.gofer.extension.sdk.GoferExtension;
import dev.gofer.extension.sdk.Subscription;
import dev.gofer.extension.sdk.SubscriptionKey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Starts runs from HTTP calls that Gofer forwards from {@code POST /api/external/<id>/<path>}, when they carry a
 * valid {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>} (GitHub's scheme) for a subscription on
 * that path. The run's variables carry the JSON body fields the subscription asked for.
 */
public final class WebhookExtension implements GoferExtension {
    static final String SIGNATURE_HEADER = "x-hub-signature-256";
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern VAR = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");

    private final ExtensionContext context;
    private final Map<SubscriptionKey, Hook> hooks = new ConcurrentHashMap<>();

    /** @param fields run variable name → dotted path into the JSON body, e.g. REF → ref, REPO → repository.full_name */
    record Hook(String path, byte[] secret, Map<String, String> fields) {
    }

    public WebhookExtension(ExtensionContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        ExtensionRunner.run(WebhookExtension::new);
    }

    @Override
    public Documentation documentation() {
        return new Documentation("""
                Starts a run when a signed HTTP POST arrives at /api/external/<extension id>/<path>. The caller signs the
                body with the subscription's secret: header X-Hub-Signature-256: sha256=<hex HMAC-SHA256> (what GitHub
                sends). Unsigned or wrongly signed calls are refused and start nothing. Runs carry GOFER_WEBHOOK_PATH and
                the body fields named in `variables`.""",
                List.of(),
                List.of(Param.required("path", "path segment after /api/external/<extension id>/ this subscription answers"),
                        Param.required("secret", "HMAC-SHA256 key the sender signs bodies with"),
                        Param.optional("variables", "run variables from JSON body fields: NAME=dotted.path,... e.g. REF=ref,REPO=repository.full_name")));
    }

    @Override
    public void subscribe(Subscription subscription) {
        String path = subscription.settings().required("path");
        if (!PATH.matcher(path).matches()) {
            throw ExtensionException.invalid("setting 'path': '" + path + "' must be 1-64 of letters, digits, '.', '_' and '-'");
        }
        String secret = subscription.settings().required("secret");
        if (secret.length() < 8) {
            throw ExtensionException.invalid("setting 'secret': must be at least 8 characters");
        }
        Map<String, String> fields = fields(subscription.settings().optional("variables").orElse(""));
        hooks.put(subscription.key(), new Hook(path, secret.getBytes(StandardCharsets.UTF_8), fields));
        context.log("subscribed " + subscription.key() + " on path '" + path + "'");
    }

    static Map<String, String> fields(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec.isBlank()) {
            return out;
        }
        for (String pair : spec.split(",")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length != 2 || !VAR.matcher(kv[0].trim()).matches() || kv[1].isBlank()) {
                throw ExtensionException.invalid("setting 'variables': '" + pair.trim()
                        + "' must be NAME=dotted.path with NAME in upper case, e.g. REF=ref");
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    @Override
    public void unsubscribe(SubscriptionKey key) {
        if (hooks.remove(key) != null) {
            context.log("unsubscribed " + key);
        }
    }

    @Override
    public EventResult externalEvent(ExternalEvent event) {
        String path = event.path().startsWith("/") ? event.path().substring(1) : event.path();
        List<Map.Entry<SubscriptionKey, Hook>> onPath = hooks.entrySet().stream().filter(e -> e.getValue().path().equals(path)).toList();
        if (onPath.isEmpty()) {
            throw ExtensionException.notFound("no webhook subscription answers path '" + path + "'");
        }
        String signature = event.header(SIGNATURE_HEADER);
        if (signature == null || !signature.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
            context.log("refused a call on '" + path + "': no X-Hub-Signature-256 header");
            throw ExtensionException.refused("missing X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(7).trim());
        } catch (IllegalArgumentException e) {
            throw ExtensionException.refused("X-Hub-Signature-256 is not hex");
        }
        List<Map.Entry<SubscriptionKey, Hook>> signed = onPath.stream()
                .filter(e -> MessageDigest.isEqual(hmac(e.getValue().secret(), event.body()), given)).toList();
        if (signed.isEmpty()) {
            context.log("refused a call on '" + path + "': signature does not match");
            throw ExtensionException.refused("X-Hub-Signature-256 does not match the body for any subscription on '" + path + "'");
        }
        JsonObject body = json(event.body());
        List<String> runs = new ArrayList<>();
        for (Map.Entry<SubscriptionKey, Hook> e : signed) {
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("GOFER_WEBHOOK_PATH", path);
            e.getValue().fields().forEach((name, field) -> {
                Object v = lookup(body, field);
                if (v != null) {
                    vars.put(name, v.toString());
                }
            });
            long run = context.startRun(e.getKey(), vars);
            runs.add(e.getKey().namespaceId() + "/" + e.getKey().pipelineId() + "#" + run);
        }
        context.log("started " + runs + " from a call on '" + path + "'");
        return new EventResult("started " + runs.size() + " run(s)", runs);
    }

    private static JsonObject json(byte[] body) {
        if (body.length == 0) {
            return new JsonObject();
        }
        try {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw ExtensionException.invalid("the body is not a JSON object");
        }
    }

    /** A dotted path into the body ({@code repository.full_name}, {@code commits.0.id}); null when absent. */
    static Object lookup(JsonObject body, String dotted) {
        Object current = body;
        for (String part : dotted.split("\\.")) {
            if (current instanceof JsonObject o) {
                current = o.getValue(part);
            } else if (current instanceof JsonArray a && part.chars().allMatch(Character::isDigit) && Integer.parseInt(part) < a.size()) {
                current = a.getValue(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current instanceof JsonObject || current instanceof JsonArray ? ((Object) current.toString()) : current;
    }

    static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
