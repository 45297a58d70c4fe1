package dev.gofer.cli.common;

import dev.gofer.sdk.client.GoferApiException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure of a command into one line, {@code error: <message>}, on stderr and exit code 1.
 * Messages are written to say what to do next, so a stack trace would only bury them.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {
    public static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        Throwable cause = unwrap(ex);
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = cause.getClass().getSimpleName() + " (no details; this is a bug in gofer, please report it)";
        }
        if (cause instanceof GoferApiException api && api.status() >= 500) {
            message = "the server failed: " + message
                    + (api.requestId() == null ? "" : " (request " + api.requestId() + "; the server's log has the details)");
        }
        commandLine.getErr().println("error: " + message);
        commandLine.getErr().flush();
        return EXIT_FAILURE;
    }

    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Installs the reporter while picocli builds the root command, so that {@code new CommandLine(new Gofer())}
     * (what tests and embedders write) reports errors exactly like the real program does.
     */
    public static final class Installer implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (spec.commandLine() != null) {
                spec.commandLine().setExecutionExceptionHandler(new ErrorReporter());
            }
            return spec;
        }
    }
}
