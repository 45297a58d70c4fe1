package dev.gofer.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.RunParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retry",
        mixinStandardHelpOptions = true,
        description = {
                "Re-run a finished run from where it failed: a new run with the same config version and variables."
                        + " Tasks that succeeded are reused (not run again; their logs stay readable through the new run);"
                        + " the rest run again in order. --from TASK also re-runs that task and everything downstream of it.",
                "",
                "Examples:",
                "  gofer run retry deploy 7 --wait",
                "  gofer run retry deploy 7 --from build",
                ""})
public final class RetryRun implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    RunParameters original;

    @Option(names = {"-f", "--from"}, paramLabel = "TASK", description = "also re-run this task and its dependants (repeatable)")
    List<String> from = new ArrayList<>();

    @Option(names = {"-w", "--wait"}, description = "wait for the new run to finish; exit 1 unless it succeeded")
    boolean waitForEnd;

    @Override
    public Integer call() {
        String pipeline = original.pipeline();
        JsonNode run = Fields.required(api.client().retryRun(api.namespace(), pipeline, original.run(), from), "run");
        long runId = run.path("run_id").asLong();
        if (!waitForEnd) {
            if (api.json()) {
                api.printJson(ApiOptions.mapper().createObjectNode().set("run", run));
            } else {
                api.out().println(runId);
                api.out().flush();
                api.err().printf("started run %d of %s, retrying run %d; follow it with `gofer run get %s %d`%n",
                        runId, pipeline, original.run(), pipeline, runId);
                api.err().flush();
            }
            return 0;
        }
        return StartRun.waitAndReport(api, pipeline, runId);
    }
}
