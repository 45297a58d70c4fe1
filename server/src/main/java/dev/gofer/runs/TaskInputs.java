package dev.gofer.runs;

import dev.gofer.model.RunKey;
import dev.gofer.model.TaskExecution;
import dev.gofer.model.TaskKey;
import dev.gofer.model.Variable;
import dev.gofer.objects.ObjectScope;
import dev.gofer.objects.ObjectStore;
import dev.gofer.sdk.config.RegistryAuth;
import dev.gofer.secrets.Secrets;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Predicate;

/**
 * Fills placeholders in a task's variables just before its container starts (so a parent task can put a
 * run object a child reads). A variable is a placeholder only when its whole trimmed value is
 * {@code kind{{KEY}}}; the kind is case-insensitive, spaces inside the braces are ignored, anything else
 * passes literally. The stored task execution keeps the placeholder, never the value. A task with
 * {@code inject_api_token} also gets {@code GOFER_API_TOKEN} (its run's token, masked like a secret) and
 * {@code GOFER_API_URL}; they win over variables of the same name, so whoever starts a run cannot point the
 * token at another URL.
 */
public final class TaskInputs implements RunResources {
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(pipeline_secret|global_secret|pipeline_object|run_object)\\{\\{\\s*([^{}]*?)\\s*}}");
    /** Objects become environment variables; the kernel caps one at 128 KiB (MAX_ARG_STRLEN). */
    static final long MAX_OBJECT_VARIABLE_BYTES = 128 * 1024 - 1;

    public static final String API_TOKEN = "GOFER_API_TOKEN";
    public static final String API_URL = "GOFER_API_URL";

    private final Secrets secrets;
    private final ObjectStore objects;
    private final RunTokens tokens;
    /** Expiring a pipeline's old run objects: one at a time per pipeline, however many runs start or end meanwhile. */
    private final CoalescedJobs<PipelineRef> expiry;

    public TaskInputs(Secrets secrets, ObjectStore objects, RunTokens tokens) {
        this.secrets = secrets;
        this.objects = objects;
        this.tokens = tokens;
        this.expiry = new CoalescedJobs<>(p -> objects.expireRunObjects(p.namespaceId(), p.pipelineId()).mapEmpty());
    }

    private record PipelineRef(String namespaceId, String pipelineId) {
    }

    /** A placeholder found in a value: its kind (lower case) and key; empty when the value is literal. */
    public record Placeholder(String kind, String key) {
        public static Optional<Placeholder> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            Matcher m = PLACEHOLDER.matcher(value.strip());
            return m.matches() ? Optional.of(new Placeholder(m.group(1).toLowerCase(Locale.ROOT), m.group(2))) : Optional.empty();
        }

        boolean secret() {
            return kind.endsWith("_secret");
        }
    }

    /** Why a task could not start: names the variable and the key, never a value. */
    public static final class Unresolvable extends RuntimeException {
        Unresolvable(String message) {
            super(message);
        }
    }

    @Override
    public Future<Resolved> resolve(TaskExecution task) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> secretValues = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Variable v : task.variables()) {
            Optional<Placeholder> p = Placeholder.parse(v.value());
            if (p.isEmpty()) {
                env.put(v.key(), v.value());
                continue;
            }
            env.put(v.key(), ""); // keeps the variable's position; filled below
            chain = chain.compose(x -> value(task.key(), p.get()).transform(done -> {
                if (done.failed()) {
                    return Future.failedFuture(new Unresolvable("variable " + v.key() + ": " + done.cause().getMessage()));
                }
                env.put(v.key(), done.result());
                if (p.get().secret()) {
                    secretValues.add(done.result());
                }
                return Future.succeededFuture();
            }));
        }
        if (task.task().injectApiToken()) {
            chain = chain.compose(x -> tokens.forRun(task.key().run()).transform(done -> {
                if (done.failed()) {
                    return Future.failedFuture(new Unresolvable("inject_api_token: the run's API token could not be made: "
                            + done.cause().getMessage()));
                }
                env.put(API_URL, done.result().apiUrl());
                env.put(API_TOKEN, done.result().token());
                secretValues.add(done.result().token());
                return Future.succeededFuture();
            }));
        }
        RegistryAuth auth = task.task().registryAuth();
        Optional<Placeholder> pass = auth == null ? Optional.empty() : Placeholder.parse(auth.pass());
        if (pass.isEmpty()) {
            return chain.map(x -> new Resolved(env, secretValues, auth));
        }
        // a registry password belongs in the secret store: the config then holds only the placeholder
        return chain.compose(x -> (pass.get().secret() ? value(task.key(), pass.get())
                        : Future.<String>failedFuture(new Unresolvable(pass.get().kind() + "{{...}} cannot be a password;"
                                + " use pipeline_secret{{KEY}} or global_secret{{KEY}}")))
                .transform(done -> {
                    if (done.failed()) {
                        return Future.failedFuture(new Unresolvable("registry_auth.pass: " + done.cause().getMessage()));
                    }
                    secretValues.add(done.result());
                    return Future.succeededFuture(new Resolved(env, secretValues, new RegistryAuth(auth.user(), done.result())));
                }));
    }

    private Future<String> value(TaskKey task, Placeholder p) {
        String ns = task.namespaceId();
        String pipeline = task.pipelineId();
        return switch (p.kind()) {
            case "pipeline_secret" -> secrets.forPipelineTask(ns, pipeline, p.key());
            case "global_secret" -> secrets.forGlobalTask(ns, p.key());
            case "pipeline_object" -> object(new ObjectScope.Pipeline(ns, pipeline), p.key());
            case "run_object" -> object(new ObjectScope.Run(task.run()), p.key());
            default -> Future.failedFuture(new IllegalStateException("unknown placeholder kind " + p.kind()));
        };
    }

    private Future<String> object(ObjectScope scope, String key) {
        return objects.readSmall(scope, key, MAX_OBJECT_VARIABLE_BYTES).compose(found -> found.isPresent()
                // a variable is text: bytes that are not UTF-8 become U+FFFD
                ? Future.succeededFuture(new String(found.get().getBytes(), StandardCharsets.UTF_8))
                : Future.failedFuture(new Unresolvable("object '" + key + "' does not exist in " + scope.describe())));
    }

    @Override
    public Future<Void> runChanged(String namespaceId, String pipelineId) {
        return expiry.request(new PipelineRef(namespaceId, pipelineId));
    }

    @Override
    public Future<Void> copyRunObjects(RunKey from, RunKey to) {
        return objects.copyAll(new ObjectScope.Run(from), new ObjectScope.Run(to));
    }

    @Override
    public Future<Void> runEnded(RunKey run) {
        return tokens.revoke(run);
    }

    @Override
    public Future<Void> recovered(Predicate<RunKey> active) {
        return tokens.keepOnly(active);
    }
}
