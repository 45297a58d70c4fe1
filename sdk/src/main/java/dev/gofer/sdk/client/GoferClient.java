package dev.gofer.sdk.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small blocking client for Gofer's REST API (java.net.http + Jackson), one accessor per resource:
 * <pre>{@code
 * GoferClient gofer = new GoferClient("http://127.0.0.1:8080", token);
 * long run = gofer.runs().start("default", "build", Map.of()).path("run").path("run_id").asLong();
 * gofer.tasks().streamLogs("default", "build", run, "compile", true, System.out);
 * }</pre>
 *
 * <p>Every method returns the response body exactly as the server sent it, e.g. {@code runs().get} returns
 * {@code {"run": {...}}}, so callers can print it raw or pick the fields they need.
 * A non-2xx answer throws {@link GoferApiException}; no answer at all throws {@link GoferUnreachableException}.
 */
public final class GoferClient {
    public static final String API_VERSION_HEADER = "gofer-api-version";
    public static final String API_VERSION = "v0";
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";

    private final Transport transport;
    private final Tokens tokens;
    private final Roles roles;
    private final Namespaces namespaces;
    private final Events events;
    private final Pipelines pipelines;
    private final Runs runs;
    private final TaskExecutions tasks;
    private final Extensions extensions;
    private final ObjectStore objects;
    private final Secrets secrets;

    /** @param baseUrl where the server listens, e.g. {@code http://127.0.0.1:8080}; a trailing slash is ignored */
    public GoferClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token the API token's secret, sent as {@code Authorization: Bearer}; null = none (bootstrap, dev mode) */
    public GoferClient(String baseUrl, String token) {
        this.transport = new Transport(baseUrl, token);
        this.tokens = new Tokens(transport);
        this.roles = new Roles(transport);
        this.namespaces = new Namespaces(transport);
        this.events = new Events(transport);
        this.pipelines = new Pipelines(transport);
        this.runs = new Runs(transport);
        this.tasks = new TaskExecutions(transport);
        this.extensions = new Extensions(transport);
        this.objects = new ObjectStore(transport);
        this.secrets = new Secrets(transport);
    }

    public String baseUrl() {
        return transport.baseUrl();
    }

    /** {@code {"commit", "semver"}}. */
    public JsonNode metadata() {
        return transport.send("GET", "/api/system/metadata", null);
    }

    /** {@code {"bootstrap_token_created", "ignore_pipeline_run_events"}}. */
    public JsonNode systemPreferences() {
        return transport.send("GET", "/api/system", null);
    }

    /** Admins only: while {@code ignore} is true, runs that extensions start are refused. Returns the preferences. */
    public JsonNode ignorePipelineRunEvents(boolean ignore) {
        return transport.send("PATCH", "/api/system", transport.object().put("ignore_pipeline_run_events", ignore));
    }

    public Tokens tokens() {
        return tokens;
    }

    public Roles roles() {
        return roles;
    }

    public Namespaces namespaces() {
        return namespaces;
    }

    public Events events() {
        return events;
    }

    /** Pipelines, their configs and their subscriptions. */
    public Pipelines pipelines() {
        return pipelines;
    }

    public Runs runs() {
        return runs;
    }

    /** A run's task executions and their logs. */
    public TaskExecutions tasks() {
        return tasks;
    }

    public Extensions extensions() {
        return extensions;
    }

    public ObjectStore objects() {
        return objects;
    }

    public Secrets secrets() {
        return secrets;
    }
}
