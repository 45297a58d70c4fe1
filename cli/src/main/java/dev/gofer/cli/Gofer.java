package dev.gofer.cli;

import dev.gofer.cli.event.EventCommands;
import dev.gofer.cli.extension.ExtensionCommands;
import dev.gofer.cli.namespace.NamespaceCommands;
import dev.gofer.cli.role.RoleCommands;
import dev.gofer.cli.secret.SecretCommands;
import dev.gofer.cli.system.SystemCommands;
import dev.gofer.cli.token.TokenCommands;
import java.io.InputStream;
import dev.gofer.cli.common.ErrorReporter;
import dev.gofer.cli.pipeline.PipelineCommands;
import dev.gofer.cli.run.RunCommands;
import dev.gofer.cli.service.ServiceCommands;
import dev.gofer.cli.service.StartService;
import dev.gofer.cli.task.TaskCommands;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The one entry point: {@code gofer service start} runs the server, every other command talks to a running
 * server over HTTP.
 */
@Command(name = "gofer",
        mixinStandardHelpOptions = true,
        versionProvider = GoferVersion.class,
        modelTransformer = ErrorReporter.Installer.class,
        description = {
                "Gofer runs pipelines of containers: register a pipeline, start runs, read task logs.",
                "",
                "First steps:",
                "  ./gofer service start                          # in one terminal",
                "  ./gofer pipeline deploy examples/hello.yaml    # in another",
                "  ./gofer run start hello --wait",
                ""},
        footer = {"", "Every command has --help with an example, e.g. `gofer run start --help`.",
                "Commands that talk to the server read GOFER_HOST, GOFER_NAMESPACE and GOFER_TOKEN"
                        + " (or the token saved in ~/.gofer.yaml by `gofer token bootstrap`; ~ is $HOME).",
                "Shell completion: `source <(gofer completion bash)` (or zsh)."},
        subcommands = {
                ServiceCommands.class,
                PipelineCommands.class,
                RunCommands.class,
                TaskCommands.class,
                NamespaceCommands.class,
                TokenCommands.class,
                RoleCommands.class,
                EventCommands.class,
                SystemCommands.class,
                ExtensionCommands.class,
                SecretCommands.class,
                CompletionCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Gofer implements Runnable {
    @Spec
    CommandSpec spec;

    private OutputStream rawOutput;
    private InputStream input;

    public static void main(String[] args) {
        if (args.length >= 2 && "service".equals(args[0]) && "start".equals(args[1])) {
            System.exit(serviceStart().execute(Arrays.copyOfRange(args, 2, args.length)));
        }
        Gofer gofer = new Gofer();
        gofer.rawOutput = System.out;
        gofer.input = System.in;
        System.exit(new CommandLine(gofer).execute(args));
    }

    /**
     * {@code gofer service start} alone, for the fast path of {@link #main}: picocli builds the model of every
     * command it is given, and the whole tree (every subcommand, the client and its Jackson) costs a server start
     * hundreds of classes it never uses (bench/PROFILE.md, "Cold start"). Same options, help, errors and exit codes.
     */
    static CommandLine serviceStart() {
        CommandLine start = new CommandLine(new StartService());
        start.setCommandName("gofer service start");
        start.setExecutionExceptionHandler(new ErrorReporter());
        return start;
    }

    /**
     * Where commands that copy bytes unchanged (task logs) write. Set only when running as the real program;
     * empty when embedded (tests), where they write through the command line's text output instead.
     */
    public Optional<OutputStream> rawOutput() {
        return Optional.ofNullable(rawOutput);
    }

    /** Where confirmations are read from; empty when embedded (tests), so they must pass --yes. */
    public Optional<InputStream> input() {
        return Optional.ofNullable(input);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of service, pipeline, run, task, secret, extension, namespace, token, role, event, completion, version");
    }
}
