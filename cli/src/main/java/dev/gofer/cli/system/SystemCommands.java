package dev.gofer.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "system",
        mixinStandardHelpOptions = true,
        description = {"The server's system preferences.", "",
                "Example:", "  gofer system set --ignore-pipeline-run-events=true   # extensions start no runs meanwhile", ""},
        subcommands = {SystemCommands.Get.class, SystemCommands.Set.class})
public final class SystemCommands extends CommandGroup {
    public SystemCommands() {
        super("Missing command: pick get or set");
    }

    static void print(ApiOptions api, JsonNode prefs) {
        api.print(prefs, out -> out.printf("bootstrap token created: %s%nignore pipeline run events: %s%n",
                prefs.path("bootstrap_token_created").asBoolean(), prefs.path("ignore_pipeline_run_events").asBoolean()));
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show the system preferences.", ""})
    static final class Get implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Override
        public Integer call() {
            print(api, api.client().systemPreferences());
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change a system preference (admins only).", "",
                    "Example:", "  gofer system set --ignore-pipeline-run-events=false", ""})
    static final class Set implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Option(names = "--ignore-pipeline-run-events", required = true, arity = "1", paramLabel = "true|false",
                description = "true = runs that extensions start are refused (users' runs still start)")
        boolean ignore;

        @Override
        public Integer call() {
            print(api, api.client().ignorePipelineRunEvents(ignore));
            return 0;
        }
    }
}
