package dev.gofer.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a shell completion script for every gofer command and option, made by picocli's AutoComplete. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh.", "",
                "Examples:",
                "  source <(gofer completion bash)                           # this bash session",
                "  gofer completion bash > /etc/bash_completion.d/gofer      # every bash session",
                "  echo 'source <(gofer completion zsh)' >> ~/.zshrc         # zsh",
                ""})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (the same script: it detects zsh and loads bashcompinit)")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        // one script for both: under zsh it turns on zsh's bash completion emulation itself (compinit once, then
        // bashcompinit), as picocli documents, so `source <(gofer completion zsh)` in ~/.zshrc is all it takes
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
