package dev.gofer.sdk.config;

import java.util.List;
import java.util.stream.Collectors;

public final class InvalidPipelineConfigException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public InvalidPipelineConfigException(List<ConfigProblem> problems) {
        super("invalid pipeline config: " + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
