package dev.gofer.store;

import java.util.List;

/**
 * The schema, as numbered steps applied in order and recorded in {@code schema_migrations}. Never edit
 * a released step: add the next one. SQL stays portable (SQLite and PostgreSQL).
 */
final class Migrations {
    private Migrations() {
    }

    record Migration(int version, String description, List<String> statements) {
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
                    "CREATE INDEX extension_subscriptions_by_extension ON extension_subscriptions(extension_id)")));
}
