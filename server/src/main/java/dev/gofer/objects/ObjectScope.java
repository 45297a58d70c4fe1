package dev.gofer.objects;

import dev.gofer.model.RunKey;

/** Whose object it is: a pipeline's (kept, count-limited), a run's (expire with newer runs) or an extension's. */
public sealed interface ObjectScope {
    /** {@code pipeline}, {@code run} or {@code extension}. */
    String scope();

    /** Identifies the owner within its scope; also the owner's folder in the backend (ids are path-safe). */
    String owner();

    /** For messages: "pipeline 'x'", "run 3 of pipeline 'x'", ... */
    String describe();

    default String location(String key) {
        return scope() + "/" + owner() + "/" + key;
    }

    default String prefix() {
        return scope() + "/" + owner();
    }

    record Pipeline(String namespaceId, String pipelineId) implements ObjectScope {
        public String scope() {
            return "pipeline";
        }

        public String owner() {
            return namespaceId + "/" + pipelineId;
        }

        public String describe() {
            return "pipeline '" + pipelineId + "'";
        }
    }

    record Run(RunKey run) implements ObjectScope {
        public String scope() {
            return "run";
        }

        public String owner() {
            return run.namespaceId() + "/" + run.pipelineId() + "/" + run.runId();
        }

        public String describe() {
            return "run " + run.runId() + " of pipeline '" + run.pipelineId() + "'";
        }
    }

    record Extension(String extensionId) implements ObjectScope {
        public String scope() {
            return "extension";
        }

        public String owner() {
            return extensionId;
        }

        public String describe() {
            return "extension '" + extensionId + "'";
        }
    }
}
