package dev.gofer.sdk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small blocking client for Gofer's REST API (java.net.http + Jackson).
 *
 * <p>Every method returns the response body exactly as the server sent it, e.g. {@code getRun} returns
 * {@code {"run": {...}}}, so callers can print it raw or pick the fields they need.
 * A non-2xx answer throws {@link GoferApiException}; no answer at all throws {@link GoferUnreachableException}.
 */
public final class GoferClient {
    public static final String API_VERSION_HEADER = "gofer-api-version";
    public static final String API_VERSION = "v0";
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param baseUrl where the server listens, e.g. {@code http://127.0.0.1:8080}; a trailing slash is ignored */
    public GoferClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token the API token's secret, sent as {@code Authorization: Bearer}; null = none (bootstrap, dev mode) */
    public GoferClient(String baseUrl, String token) {
        this.baseUrl = normalise(baseUrl);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    // ---- system ----

    /** {@code {"commit", "semver"}}. */
    public JsonNode metadata() {
        return send("GET", "/api/system/metadata", null);
    }

    // ---- tokens and roles ----

    /** The one-time root token: {@code {"secret", "token_details": Token}}; 409 once issued. */
    public JsonNode bootstrapToken() {
        return send("POST", "/api/tokens/bootstrap", null);
    }

    /** {@code expiresSeconds} 0 = never. Returns {@code {"secret", "token_details": Token}}. */
    public JsonNode createToken(String user, java.util.List<String> roles, long expiresSeconds, Map<String, String> metadata) {
        ObjectNode body = json.createObjectNode().put("user", user).put("expires", expiresSeconds);
        roles.forEach(body.putArray("roles")::add);
        ObjectNode meta = body.putObject("metadata");
        if (metadata != null) {
            metadata.forEach(meta::put);
        }
        return send("POST", "/api/tokens", body);
    }

    public JsonNode listTokens() {
        return send("GET", "/api/tokens", null);
    }

    public JsonNode getToken(String id) {
        return send("GET", "/api/tokens/" + segment(id), null);
    }

    public JsonNode whoami() {
        return send("GET", "/api/tokens/whoami", null);
    }

    public void setTokenDisabled(String id, boolean disabled) {
        send("PATCH", "/api/tokens/" + segment(id), json.createObjectNode().put("disabled", disabled));
    }

    public void deleteToken(String id) {
        send("DELETE", "/api/tokens/" + segment(id), null);
    }

    public JsonNode listRoles() {
        return send("GET", "/api/roles", null);
    }

    public JsonNode getRole(String id) {
        return send("GET", "/api/roles/" + segment(id), null);
    }

    /** {@code role}: {@code {"id", "description", "permissions": [{"resources": [...], "actions": [...]}]}}. */
    public JsonNode createRole(JsonNode role) {
        return send("POST", "/api/roles", role);
    }

    /** {@code changes}: {@code description} and/or {@code permissions}. */
    public JsonNode updateRole(String id, JsonNode changes) {
        return send("PATCH", "/api/roles/" + segment(id), changes);
    }

    public void deleteRole(String id) {
        send("DELETE", "/api/roles/" + segment(id), null);
    }

    // ---- namespaces ----

    public JsonNode listNamespaces() {
        return send("GET", "/api/namespaces", null);
    }

    public JsonNode getNamespace(String id) {
        return send("GET", "/api/namespaces/" + segment(id), null);
    }

    public JsonNode createNamespace(String id, String name, String description) {
        return send("POST", "/api/namespaces", json.createObjectNode().put("id", id).put("name", name).put("description", description));
    }

    /** Null = unchanged. */
    public JsonNode updateNamespace(String id, String name, String description) {
        ObjectNode body = json.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        if (description != null) {
            body.put("description", description);
        }
        return send("PATCH", "/api/namespaces/" + segment(id), body);
    }

    /** Deletes the namespace and everything in it; its unfinished runs are cancelled first. */
    public void deleteNamespace(String id) {
        send("DELETE", "/api/namespaces/" + segment(id), null);
    }

    // ---- events ----

    /**
     * Reads {@code GET /api/events} (Server-Sent Events) and hands each event's JSON to {@code each}.
     * {@code history} replays stored events first (after {@code from} when given); {@code follow} keeps the
     * stream open for new events (the call then returns only when the server closes it).
     */
    public void streamEvents(boolean history, String from, boolean follow, java.util.function.Consumer<JsonNode> each) {
        StringBuilder path = new StringBuilder("/api/events?history=").append(history).append("&follow=").append(follow);
        if (from != null) {
            path.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
        }
        HttpRequest request = request(path.toString()).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body();
             java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw apiError(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    each.accept(json.readTree(line.substring(6)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading events from " + baseUrl + " failed: " + e.getMessage(), e);
        }
    }

    // ---- pipelines and their configs ----

    /** {@code {"pipelines": [Metadata]}}. */
    public JsonNode listPipelines(String namespace) {
        return send("GET", pipelines(namespace), null);
    }

    /** {@code {"pipeline": Metadata}}. */
    public JsonNode getPipeline(String namespace, String pipeline) {
        return send("GET", pipeline(namespace, pipeline), null);
    }

    /**
     * Registers {@code config} (a pipeline config as the SDK serialises it) as the pipeline's next version,
     * creating the pipeline on first use. Returns {@code {"pipeline": {"metadata": ..., "config": Config}}}.
     */
    public JsonNode registerConfig(String namespace, String pipeline, JsonNode config) {
        ObjectNode body = json.createObjectNode();
        body.set("config", config);
        return send("POST", pipeline(namespace, pipeline) + "/configs", body);
    }

    /** {@code state}: active or disabled (a disabled pipeline starts no runs). */
    public void setPipelineState(String namespace, String pipeline, String state) {
        send("PATCH", pipeline(namespace, pipeline), json.createObjectNode().put("state", state));
    }

    /** {@code {"configs": [Config]}}. */
    public JsonNode listConfigs(String namespace, String pipeline) {
        return send("GET", pipeline(namespace, pipeline) + "/configs", null);
    }

    /** {@code {"config": Config}}; version 0 means the latest one. */
    public JsonNode getConfig(String namespace, String pipeline, long version) {
        return send("GET", pipeline(namespace, pipeline) + "/configs/" + version, null);
    }

    /** Makes {@code version} the live config. Returns {@code {"deployment": Deployment}}. */
    public JsonNode deployConfig(String namespace, String pipeline, long version) {
        return send("POST", pipeline(namespace, pipeline) + "/configs/" + version, null);
    }

    // ---- runs ----

    /** Starts a run of the live config; {@code variables} override the config's. Returns {@code {"run": Run}}. */
    public JsonNode startRun(String namespace, String pipeline, Map<String, String> variables) {
        ObjectNode body = json.createObjectNode();
        ObjectNode vars = body.putObject("variables");
        if (variables != null) {
            variables.forEach(vars::put);
        }
        return send("POST", pipeline(namespace, pipeline) + "/runs", body);
    }

    /** {@code {"runs": [Run]}}; {@code reverse} = newest first. */
    public JsonNode listRuns(String namespace, String pipeline, int limit, int offset, boolean reverse) {
        return send("GET", pipeline(namespace, pipeline) + "/runs?limit=" + limit + "&offset=" + offset
                + "&reverse=" + reverse, null);
    }

    /** {@code {"run": Run}}. */
    public JsonNode getRun(String namespace, String pipeline, long run) {
        return send("GET", run(namespace, pipeline, run), null);
    }

    /**
     * Re-runs a complete run from where it failed: a new run of its config version and variables that reuses the
     * tasks that succeeded; {@code from} (may be empty) also re-runs those tasks and their dependants.
     * Returns {@code {"run": Run}} (the new run).
     */
    public JsonNode retryRun(String namespace, String pipeline, long run, List<String> from) {
        ObjectNode body = json.createObjectNode();
        from.forEach(body.putArray("from")::add);
        return send("POST", run(namespace, pipeline, run) + "/retry", body);
    }

    /** Asks the server to cancel every task of the run; returns once the request is accepted. */
    public void cancelRun(String namespace, String pipeline, long run) {
        send("DELETE", run(namespace, pipeline, run), null);
    }

    // ---- task executions ----

    /** {@code {"task_executions": [TaskExecution]}}. */
    public JsonNode listTaskExecutions(String namespace, String pipeline, long run) {
        return send("GET", run(namespace, pipeline, run) + "/tasks", null);
    }

    /** {@code {"task_execution": TaskExecution}}. */
    public JsonNode getTaskExecution(String namespace, String pipeline, long run, String task) {
        return send("GET", task(namespace, pipeline, run, task), null);
    }

    /**
     * Copies the task's log (plain text, stdout and stderr interleaved) to {@code out} as it arrives, flushing
     * after every chunk. With {@code follow} the call returns only when the task has ended.
     */
    public void streamLogs(String namespace, String pipeline, long run, String task, boolean follow, OutputStream out) {
        streamLogs(namespace, pipeline, run, task, follow, 0, out);
    }

    /** As above, for attempt {@code attempt} (1-based) of a retried task; 0 = the latest. */
    public void streamLogs(String namespace, String pipeline, long run, String task, boolean follow, int attempt, OutputStream out) {
        String query = (follow ? "&follow=true" : "") + (attempt > 0 ? "&attempt=" + attempt : "");
        String path = task(namespace, pipeline, run, task) + "/logs" + (query.isEmpty() ? "" : "?" + query.substring(1));
        HttpRequest request = request(path).GET().build(); // no timeout: a followed log lasts as long as the task
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw apiError(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the log of task " + task + " from " + baseUrl + " failed: "
                    + e.getMessage(), e);
        }
    }

    // ---- extensions and subscriptions ----

    /** Installs and starts an extension; returns {@code {"extension": Extension}} once it runs. */
    public JsonNode installExtension(String id, String image, Map<String, String> settings) {
        ObjectNode body = json.createObjectNode().put("id", id).put("image", image);
        ObjectNode s = body.putObject("settings");
        settings.forEach(s::put);
        return send("POST", "/api/extensions", body);
    }

    /** {@code {"extensions": [Extension]}}. */
    public JsonNode listExtensions() {
        return send("GET", "/api/extensions", null);
    }

    /** {@code {"extension": Extension}}, with its documentation. */
    public JsonNode getExtension(String id) {
        return send("GET", "/api/extensions/" + segment(id), null);
    }

    public void setExtensionEnabled(String id, boolean enable) {
        send("PATCH", "/api/extensions/" + segment(id), json.createObjectNode().put("enable", enable));
    }

    /** Unsubscribes every pipeline, stops the extension and forgets it. */
    public void uninstallExtension(String id) {
        send("DELETE", "/api/extensions/" + segment(id), null);
    }

    /** {@code {"subscriptions": [Subscription]}} of one extension. */
    public JsonNode listExtensionSubscriptions(String id) {
        return send("GET", "/api/extensions/" + segment(id) + "/subscriptions", null);
    }

    /** Copies the extension's container output to {@code out}; with {@code follow} until it is uninstalled or the caller stops. */
    public void streamExtensionLogs(String id, boolean follow, OutputStream out) {
        copy(request("/api/extensions/" + segment(id) + "/logs" + (follow ? "?follow=true" : "")).GET().build(), out, "extension " + id);
    }

    /** Subscribes the pipeline to the extension under {@code label}; the extension validates the settings. */
    public JsonNode subscribe(String namespace, String pipeline, String extension, String label, Map<String, String> settings) {
        ObjectNode body = json.createObjectNode().put("extension_id", extension).put("subscription_id", label);
        ObjectNode s = body.putObject("settings");
        settings.forEach(s::put);
        return send("POST", pipeline(namespace, pipeline) + "/subscriptions", body);
    }

    public void unsubscribe(String namespace, String pipeline, String extension, String label) {
        send("DELETE", pipeline(namespace, pipeline) + "/subscriptions/" + segment(extension) + "/" + segment(label), null);
    }

    /** {@code {"subscriptions": [Subscription]}} of one pipeline. */
    public JsonNode listSubscriptions(String namespace, String pipeline) {
        return send("GET", pipeline(namespace, pipeline) + "/subscriptions", null);
    }

    private void copy(HttpRequest request, OutputStream out, String what) {
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw apiError(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the log of " + what + " from " + baseUrl + " failed: " + e.getMessage(), e);
        }
    }

    // ---- plumbing ----

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest.Builder builder = request(path).timeout(REQUEST_TIMEOUT).method(method, publisher);
        if (body != null) {
            builder.header("content-type", "application/json");
        }
        HttpResponse<String> response = exchange(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw apiError(response.statusCode(), response.body());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered with something that is not JSON: "
                    + abbreviate(text), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header(API_VERSION_HEADER, API_VERSION)
                .header("accept", "application/json, text/plain");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new GoferUnreachableException(baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while calling " + request.uri()));
        } catch (IOException e) {
            // java.net.http sometimes wraps "connection refused" in a plain IOException
            if (causedBy(e, ConnectException.class)) {
                throw new GoferUnreachableException(baseUrl, e);
            }
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        }
    }

    private GoferApiException apiError(int status, String body) {
        String message = null;
        String code = null;
        String requestId = null;
        try {
            JsonNode error = body == null || body.isBlank() ? null : json.readTree(body);
            if (error != null && error.isObject()) {
                message = text(error, "message");
                code = text(error, "error_code");
                requestId = text(error, "request_id");
            }
        } catch (IOException notJson) {
            // fall through: show the body as it is
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        }
        return new GoferApiException(status, code, message, requestId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String pipelines(String namespace) {
        return "/api/namespaces/" + segment(namespace) + "/pipelines";
    }

    private static String pipeline(String namespace, String pipeline) {
        return pipelines(namespace) + "/" + segment(pipeline);
    }

    private static String run(String namespace, String pipeline, long run) {
        return pipeline(namespace, pipeline) + "/runs/" + run;
    }

    private static String task(String namespace, String pipeline, long run, String task) {
        return run(namespace, pipeline, run) + "/tasks/" + segment(task);
    }

    private static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("an id in the request path is empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Accepts {@code host:port} as well as a full URL; rejects what can never work with a message saying why. */
    private static String normalise(String baseUrl) {
        String url = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim();
        if (!url.contains("://")) {
            url = "http://" + url;
        }
        url = stripTrailingSlashes(url);
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + baseUrl + "' is not a Gofer server URL; use e.g. " + DEFAULT_BASE_URL);
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + baseUrl + "' is not a Gofer server URL (" + e.getReason()
                    + "); use e.g. " + DEFAULT_BASE_URL, e);
        }
        return url;
    }

    private static String stripTrailingSlashes(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    // ---- objects ----

    /**
     * Where a pipeline's objects live ({@code run} null) or a run's. Used by the object methods below, e.g.
     * {@code client.listObjects(client.objects("default", "build", null))}.
     */
    public String objects(String namespace, String pipeline, Long run) {
        return (run == null ? pipeline(namespace, pipeline) : run(namespace, pipeline, run)) + "/objects";
    }

    /** {@code {"objects": [{key, created, size}]}}. */
    public JsonNode listObjects(String objects) {
        return send("GET", objects, null);
    }

    /**
     * Streams {@code content} (not buffered) as the object's bytes. Without {@code force} an existing key is a
     * 409. Returns {@code {"object": {...}, "object_limit", "object_evicted"}}.
     */
    public JsonNode putObject(String objects, String key, InputStream content, boolean force) {
        HttpRequest request = request(objects + "/" + segment(key) + "?force=" + force)
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> content)).build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw apiError(response.statusCode(), response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("putting object " + key + " answered with something that is not JSON", e);
        }
    }

    /** Copies the object's bytes to {@code out} as they arrive. */
    public void getObject(String objects, String key, OutputStream out) {
        HttpRequest request = request(objects + "/" + segment(key)).GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw apiError(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            body.transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("reading object " + key + " from " + baseUrl + " failed: " + e.getMessage(), e);
        }
    }

    public void deleteObject(String objects, String key) {
        send("DELETE", objects + "/" + segment(key), null);
    }

    // ---- secrets ----

    /** Where a pipeline's secrets live, or the global ones ({@code pipeline} null). */
    public String secrets(String namespace, String pipeline) {
        return pipeline == null ? "/api/secrets/global" : pipeline(namespace, pipeline) + "/secrets";
    }

    /** {@code {"secrets": [{key, namespaces, created}]}}: never values. */
    public JsonNode listSecrets(String secrets) {
        return send("GET", secrets, null);
    }

    /** {@code namespaces}: for global secrets only (regular expressions matched against whole namespace ids). */
    public JsonNode putSecret(String secrets, String key, String content, java.util.List<String> namespaces, boolean force) {
        ObjectNode body = json.createObjectNode();
        body.put("key", key).put("content", content).put("force", force);
        if (namespaces != null) {
            namespaces.forEach(body.putArray("namespaces")::add);
        }
        return send("POST", secrets, body);
    }

    /** {@code {"metadata": Secret, "secret": value or null}}; the value only with {@code includeSecret}. */
    public JsonNode getSecret(String secrets, String key, boolean includeSecret) {
        return send("GET", secrets + "/" + segment(key) + "?include_secret=" + includeSecret, null);
    }

    public void deleteSecret(String secrets, String key) {
        send("DELETE", secrets + "/" + segment(key), null);
    }
}
