package dev.gofer.sdk.config;

/** One thing wrong with a pipeline config: which field, and what is wrong with it. */
public record ConfigProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
