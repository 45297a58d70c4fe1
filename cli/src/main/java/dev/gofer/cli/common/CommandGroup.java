package dev.gofer.cli.common;

import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code gofer token}, {@code gofer secret pipeline}, ...). Run on its own it
 * fails with a usage error naming its subcommands, read from the command itself so the list cannot go stale.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    private final String missingCommand;

    /** The error lists the subcommands: "Missing command: pick one of list, get, ...". */
    protected CommandGroup() {
        this(null);
    }

    /** For a group whose error says something else (a group of one names the command to try). */
    protected CommandGroup(String missingCommand) {
        this.missingCommand = missingCommand;
    }

    @Override
    public void run() {
        String message = missingCommand != null ? missingCommand
                : spec.subcommands().keySet().stream().collect(Collectors.joining(", ", "Missing command: pick one of ", ""));
        throw new ParameterException(spec.commandLine(), message);
    }
}
