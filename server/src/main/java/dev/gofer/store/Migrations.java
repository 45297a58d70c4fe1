package dev.gofer.store;

import java.util.List;

/**
 * The schema, as numbered steps applied in order and recorded in {@code schema_migrations}. Never edit
 * a released step: add the next one. Each step has its SQLite and its PostgreSQL statements side by
 * side; most steps are portable and use the same statements for both.
 */
final class Migrations {
    private Migrations() {
    }

    record Migration(int version, String description, List<String> sqlite, List<String> postgres) {
        /** A step whose SQL runs unchanged on both stores. */
        Migration(int version, String description, List<String> portable) {
            this(version, description, portable, portable);
        }

        List<String> statements(Dialect dialect) {
            return dialect == Dialect.POSTGRES ? postgres : sqlite;
        }
    }

    /** The newest schema this binary knows; a database migrated further was written by a newer Gofer. */
    static int latest() {
        return latest(ALL);
    }

    /** The newest version among {@code steps}, 0 for none. */
    static int latest(List<Migration> steps) {
        return steps.stream().mapToInt(Migration::version).max().orElse(0);
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "namespaces, pipelines, configs, deployments, runs, task executions", List.of(
                    """
                    CREATE TABLE namespaces (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        description TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        modified BIGINT NOT NULL)""",
                    """
                    CREATE TABLE pipelines (
                        namespace_id TEXT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
                        pipeline_id TEXT NOT NULL,
                        state TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        modified BIGINT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id))""",
                    """
                    CREATE TABLE pipeline_configs (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        version BIGINT NOT NULL,
                        config TEXT NOT NULL,
                        state TEXT NOT NULL,
                        registered BIGINT NOT NULL,
                        deprecated BIGINT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, version),
                        FOREIGN KEY (namespace_id, pipeline_id) REFERENCES pipelines(namespace_id, pipeline_id) ON DELETE CASCADE)""",
                    """
                    CREATE TABLE deployments (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        deployment_id BIGINT NOT NULL,
                        start_version BIGINT NOT NULL,
                        end_version BIGINT NOT NULL,
                        started BIGINT NOT NULL,
                        ended BIGINT NOT NULL,
                        state TEXT NOT NULL,
                        status TEXT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, deployment_id),
                        FOREIGN KEY (namespace_id, pipeline_id) REFERENCES pipelines(namespace_id, pipeline_id) ON DELETE CASCADE)""",
                    """
                    CREATE TABLE runs (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        run_id BIGINT NOT NULL,
                        config_version BIGINT NOT NULL,
                        started BIGINT NOT NULL,
                        ended BIGINT NOT NULL,
                        state TEXT NOT NULL,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        initiator TEXT NOT NULL,
                        variables TEXT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, run_id),
                        FOREIGN KEY (namespace_id, pipeline_id) REFERENCES pipelines(namespace_id, pipeline_id) ON DELETE CASCADE)""",
                    "CREATE INDEX runs_by_state ON runs(state)",
                    """
                    CREATE TABLE task_executions (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        run_id BIGINT NOT NULL,
                        task_id TEXT NOT NULL,
                        task TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        started BIGINT NOT NULL,
                        ended BIGINT NOT NULL,
                        exit_code INTEGER,
                        state TEXT NOT NULL,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        variables TEXT NOT NULL,
                        logs_expired INTEGER NOT NULL,
                        logs_removed INTEGER NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, run_id, task_id),
                        FOREIGN KEY (namespace_id, pipeline_id, run_id) REFERENCES runs(namespace_id, pipeline_id, run_id) ON DELETE CASCADE)""")),
            // Per-pipeline counters: the next run id, config version and deployment id are taken by
            // incrementing a row, which serialises concurrent starts on PostgreSQL (the row is locked
            // until commit) where MAX()+1 would hand two transactions the same id.
            new Migration(4, "per-pipeline counters for run ids, config versions and deployment ids", List.of(
                    "ALTER TABLE pipelines ADD COLUMN last_run_id BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE pipelines ADD COLUMN last_config_version BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE pipelines ADD COLUMN last_deployment_id BIGINT NOT NULL DEFAULT 0",
                    """
                    UPDATE pipelines SET
                        last_run_id = COALESCE((SELECT MAX(run_id) FROM runs r
                            WHERE r.namespace_id = pipelines.namespace_id AND r.pipeline_id = pipelines.pipeline_id), 0),
                        last_config_version = COALESCE((SELECT MAX(version) FROM pipeline_configs c
                            WHERE c.namespace_id = pipelines.namespace_id AND c.pipeline_id = pipelines.pipeline_id), 0),
                        last_deployment_id = COALESCE((SELECT MAX(deployment_id) FROM deployments d
                            WHERE d.namespace_id = pipelines.namespace_id AND d.pipeline_id = pipelines.pipeline_id), 0)""")),
            // tokens are stored as SHA-256 hashes only; roles and metadata as JSON text
            new Migration(2, "tokens, roles, the bootstrap flag, events", List.of(
                    """
                    CREATE TABLE roles (
                        id TEXT PRIMARY KEY,
                        description TEXT NOT NULL,
                        permissions TEXT NOT NULL,
                        system_role INTEGER NOT NULL)""",
                    """
                    CREATE TABLE tokens (
                        id TEXT PRIMARY KEY,
                        hash TEXT NOT NULL UNIQUE,
                        created BIGINT NOT NULL,
                        expires BIGINT NOT NULL,
                        disabled INTEGER NOT NULL,
                        user_name TEXT NOT NULL,
                        roles TEXT NOT NULL,
                        metadata TEXT NOT NULL)""",
                    "CREATE TABLE system_flags (name TEXT PRIMARY KEY, set_at BIGINT NOT NULL)",
                    """
                    CREATE TABLE events (
                        id TEXT PRIMARY KEY,
                        emitted BIGINT NOT NULL,
                        kind TEXT NOT NULL,
                        namespace_id TEXT,
                        pipeline_id TEXT,
                        details TEXT NOT NULL)""",
                    "CREATE INDEX events_by_emitted ON events(emitted)")),
            new Migration(3, "extension registrations and pipeline subscriptions", List.of(
                    """
                    CREATE TABLE extension_registrations (
                        extension_id TEXT PRIMARY KEY,
                        image TEXT NOT NULL,
                        registry_auth TEXT,
                        settings TEXT NOT NULL,
                        status TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        modified BIGINT NOT NULL)""",
                    """
                    CREATE TABLE extension_subscriptions (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        extension_id TEXT NOT NULL REFERENCES extension_registrations(extension_id) ON DELETE CASCADE,
                        subscription_id TEXT NOT NULL,
                        settings TEXT NOT NULL,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        created BIGINT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, extension_id, subscription_id),
                        FOREIGN KEY (namespace_id, pipeline_id) REFERENCES pipelines(namespace_id, pipeline_id) ON DELETE CASCADE)""",
                    "CREATE INDEX extension_subscriptions_by_extension ON extension_subscriptions(extension_id)")),
            // Object and secret stores. Object bytes live in the object backend (files under the data dir);
            // these rows say which keys exist, so a half-written file is never listed. Secrets are stored only
            // as AES-256-GCM ciphertext (nonce prepended, base64).
            new Migration(5, "object keys, encrypted secrets, run objects expiry flag", List.of(
                    """
                    CREATE TABLE object_keys (
                        scope TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        object_key TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        size BIGINT NOT NULL,
                        PRIMARY KEY (scope, owner, object_key))""",
                    "CREATE INDEX object_keys_by_age ON object_keys(scope, owner, created)",
                    """
                    CREATE TABLE secrets (
                        scope TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        secret_key TEXT NOT NULL,
                        ciphertext TEXT NOT NULL,
                        namespaces TEXT NOT NULL,
                        created BIGINT NOT NULL,
                        PRIMARY KEY (scope, owner, secret_key))""",
                    "ALTER TABLE runs ADD COLUMN store_objects_expired INTEGER NOT NULL DEFAULT 0")),
            // who made each change: {token_id, user} of the API request, or {user: "gofer"}; null for older events
            new Migration(6, "the actor of each event", List.of("ALTER TABLE events ADD COLUMN actor TEXT")),
            // Run controls: a task's attempt and its earlier attempts (JSON), when its running attempt times out and when
            // its next attempt starts; when a run times out. Deadlines are stored so a restart still enforces them.
            new Migration(7, "task attempts, task and run deadlines, retry times", List.of(
                    "ALTER TABLE task_executions ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1",
                    "ALTER TABLE task_executions ADD COLUMN earlier_attempts TEXT NOT NULL DEFAULT '[]'",
                    "ALTER TABLE task_executions ADD COLUMN deadline BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE task_executions ADD COLUMN retry_at BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE runs ADD COLUMN deadline BIGINT NOT NULL DEFAULT 0")),
            // run queues: what a pending run waits for (JSON, null when nothing); re-run from failure: the run a
            // reused task's success (and log) comes from
            new Migration(8, "run queue reasons, reused task executions", List.of(
                    "ALTER TABLE runs ADD COLUMN waiting_for TEXT",
                    "ALTER TABLE task_executions ADD COLUMN reused_from_run BIGINT")),
            // deleted rows (a pipeline, expired runs) go in one transaction that also writes a row here; their files (logs,
            // objects) are removed after the commit and the row then deleted, so a crash in between is finished at the next start
            new Migration(9, "files still to be removed for deleted pipelines and runs", List.of(
                    """
                    CREATE TABLE pending_file_removals (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        run_id BIGINT NOT NULL,
                        requested BIGINT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id, run_id))""")),
            // a forced pipeline deletion cancels runs before its rows go: this row, written before the first cancel and
            // deleted with the pipeline's rows, tells the next start to finish a deletion the process died in
            new Migration(10, "pipeline deletions under way", List.of(
                    """
                    CREATE TABLE pipeline_deletions (
                        namespace_id TEXT NOT NULL,
                        pipeline_id TEXT NOT NULL,
                        requested BIGINT NOT NULL,
                        PRIMARY KEY (namespace_id, pipeline_id))""")),
            // run-object expiry looks for complete runs whose objects have not expired at every run's start and end:
            // through the primary key that read visited every earlier run of the pipeline (its cost and the memory of the
            // pages it read grew with the pipeline's history); this index holds only the runs not yet expired (~20)
            new Migration(11, "an index of the runs whose objects have not expired", List.of(
                    "CREATE INDEX runs_with_unexpired_objects ON runs(namespace_id, pipeline_id, run_id) WHERE store_objects_expired = 0")));
}
