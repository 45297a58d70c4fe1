package dev.gofer.config;

import static dev.gofer.config.Setting.Kind.SECRET;
import static dev.gofer.config.Setting.Kind.SWITCH;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every server setting, declared once: one line gives a setting its config-file key ({@code data_dir}), its env var
 * ({@code GOFER_DATA_DIR}), its flag of {@code gofer service start} ({@code --data-dir}), its row in
 * docs/settings.md and its line in {@code --help}. {@link ServerSettings} reads the values; its typed accessors
 * name these constants.
 *
 * <p>To add a setting: add a line here (order = order in the docs and the help), add a typed accessor to
 * {@link ServerSettings}, and regenerate docs/settings.md (see SettingsDocTest).
 */
public enum Setting {
    BIND_ADDRESS("0.0.0.0", "address the HTTP API listens on"),
    PORT("8080", "HTTP port of the API and dashboard (0 = any free port)"),
    DATA_DIR("./gofer-data", "where the SQLite database and task logs live"),
    DOCKER_HOST("unix:///var/run/docker.sock", "Docker engine the scheduler talks to"),
    DOCKER_API_VERSION("", "Docker API version to speak (empty = negotiate)"),
    DOCKER_CALL_TIMEOUT("120", "seconds Gofer waits for the Docker engine to answer a short call (create, start, inspect, remove, list); past it the call fails, a starting task with scheduler_error naming this setting, instead of waiting on a stalled engine (0 = no bound; stops, pulls and log streams are not bounded by it)"),
    SCHEDULER(ServerSettings.DOCKER, "where tasks run: docker (docker_host) or kubernetes (see docs/schedulers.md)"),
    KUBERNETES_NAMESPACE("", "namespace of task pods (empty = Gofer's own pod's namespace, else the kubeconfig context's, else default)"),
    KUBERNETES_START_TIMEOUT("300", "seconds a task pod may stay Pending (image pull errors, unschedulable) before the task fails with scheduler_error"),
    TASK_STOP_TIMEOUT("10", "seconds a cancelled task gets after SIGTERM before it is killed"),
    EXTERNAL_URL("", "URL users reach the API at (empty = http://localhost:<port>)"),
    STORE("sqlite", "where state is kept: sqlite (<data_dir>/gofer.db) or postgres://user:pass@host:5432/db[?schema=name]"),
    SHUTDOWN_MODE(ServerSettings.LEAVE_RUNNING,
            "on SIGTERM: leave (task containers keep running; the next start re-attaches them) or cancel (cancel running runs first)"),
    DEVELOPMENT_MODE(SWITCH, "false",
            "true = local development only: NO AUTHENTICATION (every caller acts as admin) and, without an encryption key, a fixed public one (also --dev)"),
    EVENT_RETENTION("183d", "how long events are kept before the prune job deletes them, e.g. 90d or 12h"),
    EVENT_PRUNE_INTERVAL("3600", "seconds between runs of the event prune job"),
    RUN_RETENTION("", "finished runs older than this are deleted with their logs and objects, e.g. 30d (empty = kept whatever their age)"),
    KEEP_RUNS("0", "finished runs kept per pipeline that sets no keep_runs; older ones are deleted with their logs and objects (0 = any number)"),
    RUN_PRUNE_INTERVAL("3600", "seconds between runs of the run retention job (it works in small batches)"),
    EXTENSION_PORT("8081", "gRPC port (all interfaces) extensions call Gofer back on (0 = any free port)"),
    EXTENSION_HOST("", "host extensions reach Gofer at, handed to them with extension_port as GOFER_EXTENSION_SYSTEM_GOFER_HOST (empty = the Docker bridge gateway)"),
    TASK_API_URL("", "URL tasks with inject_api_token reach the API at, given to them as GOFER_API_URL (empty = http://<extension_host or the Docker bridge gateway>:<port>)"),
    INSTALL_STD_EXTENSIONS(SWITCH, "true", "install the interval and cron extensions at start when missing"),
    STD_EXTENSIONS_IMAGE("", "gofer image the standard extensions run from, as `extension run <id>` (empty = the image Gofer runs in, else gofer:latest)"),
    ENCRYPTION_KEY(SECRET, "", "32-byte key secrets are encrypted with: 64 hex chars (openssl rand -hex 32), base64 (openssl rand -base64 32) or 32 plain characters (Gofer 0.9.1); empty = the key file <data_dir>/encryption.key, generated at the first start (development_mode: a fixed public key)"),
    OBJECT_SIZE_LIMIT("1073741824", "largest object accepted, in bytes (bigger uploads get 413)"),
    PIPELINE_OBJECT_LIMIT("50", "objects kept per pipeline; storing a new key beyond it evicts the oldest"),
    RUN_OBJECT_EXPIRY("20", "a run's objects are deleted once this many newer runs of its pipeline exist"),
    TASK_LOG_LIMIT("104857600", "bytes of output kept per task log; past it output is dropped (the task keeps running) and a one-line marker is written"),
    TASK_TIMEOUT_DEFAULT("", "timeout of a task that sets none, e.g. 1h (empty = none)"),
    TASK_TIMEOUT_MAX("", "longest task timeout a config may set; also caps the default (empty = no maximum)"),
    RUN_TIMEOUT_DEFAULT("", "run_timeout of a pipeline that sets none, e.g. 6h (empty = none)"),
    RUN_TIMEOUT_MAX("", "longest run_timeout a config may set (empty = no maximum)"),
    TASK_CPUS_DEFAULT("", "CPUs of a task that sets no resources.cpus, e.g. 1 (empty = no limit)"),
    TASK_CPUS_MAX("", "most CPUs a task may ask for (empty = no maximum)"),
    TASK_MEMORY_DEFAULT("", "memory of a task that sets no resources.memory, e.g. 512m (empty = no limit)"),
    TASK_MEMORY_MAX("", "most memory a task may ask for, e.g. 4g (empty = no maximum)"),
    METRICS_TOKEN(SECRET, "", "bearer token Prometheus scrapes GET /metrics with, 16+ characters (openssl rand -hex 32); empty = no metrics, /metrics answers 404"),
    OBJECT_STORE("filesystem", "where object bytes live: filesystem (<data_dir>/objects) or s3 (the s3_* settings; see docs/object-stores.md)"),
    S3_ENDPOINT("", "URL of an S3-compatible server such as MinIO (empty = AWS S3)"),
    S3_REGION("us-east-1", "region of the bucket (S3-compatible servers accept any)"),
    S3_BUCKET("", "bucket object bytes go to when object_store is s3; it must exist"),
    S3_PREFIX("", "prefix before every object location in the bucket, e.g. gofer/ (empty = none)"),
    S3_PATH_STYLE(SWITCH, "false", "true = address the bucket as <endpoint>/<bucket> (most S3-compatible servers), false = <bucket>.<endpoint>"),
    S3_ACCESS_KEY(SECRET, "", "access key id; empty = the standard AWS credential chain (env, profile, container or instance role)"),
    S3_SECRET_KEY(SECRET, "", "secret access key; set together with s3_access_key");

    /** How a setting's value is given and shown; the accessors in {@link ServerSettings} check the value itself. */
    public enum Kind {
        /** Any text (numbers too): the flag takes one value. */
        VALUE,
        /** true or false: the flag alone means true. */
        SWITCH,
        /** Never shown back: not in help, toString or errors; its flag is visible in {@code ps}, its env var is not. */
        SECRET
    }

    private final Kind kind;
    private final String defaultValue;
    private final String description;

    Setting(String defaultValue, String description) {
        this(Kind.VALUE, defaultValue, description);
    }

    Setting(Kind kind, String defaultValue, String description) {
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in the config file, and the name errors use: {@code data_dir}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code GOFER_DATA_DIR}. */
    public String env() {
        return "GOFER_" + name();
    }

    /** The flag of {@code gofer service start}: {@code --data-dir}. */
    public String flag() {
        return "--" + key().replace('_', '-');
    }

    /**
     * What the flag's value is called in help: the last word of the name ({@code --data-dir=DIR}), before a trailing
     * DEFAULT, MAX or MIN ({@code --task-cpus-max=CPUS}); true|false for a switch.
     */
    public String valueLabel() {
        if (kind == SWITCH) {
            return "true|false";
        }
        String name = name().replaceFirst("_(DEFAULT|MAX|MIN)$", "");
        return name.substring(name.lastIndexOf('_') + 1);
    }

    public Kind kind() {
        return kind;
    }

    public boolean secret() {
        return kind == SECRET;
    }

    /** As given to the config store: always text. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Every way to give the setting, for error messages: {@code flag --port, env GOFER_PORT, config key port}. */
    public String howToSet() {
        return "flag " + flag() + ", env " + env() + ", config key " + key();
    }

    /** The setting whose config-file key is {@code key}. */
    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
}
