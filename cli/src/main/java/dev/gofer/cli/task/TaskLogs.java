package dev.gofer.cli.task;

import dev.gofer.cli.Gofer;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.WriterOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs",
        mixinStandardHelpOptions = true,
        description = {"Print a task's output (stdout and stderr as the container wrote them). With --follow, keep"
                + " printing as the task writes until it ends.", "",
                "Examples:", "  gofer task logs hello 3 greet", "  gofer task logs hello 3 summary --follow", ""})
public final class TaskLogs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
    String pipeline;

    @Parameters(index = "1", paramLabel = "RUN", description = "run id")
    long runId;

    @Parameters(index = "2", paramLabel = "TASK", description = "task id")
    String task;

    @Option(names = {"-f", "--follow"}, description = "keep streaming until the task ends")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        api.out().flush();
        OutputStream raw = spec.root().userObject() instanceof Gofer gofer ? gofer.rawOutput().orElse(null) : null;
        if (raw != null) {
            api.client().streamLogs(api.namespace(), pipeline, runId, task, follow, raw);
            raw.flush();
        } else {
            try (WriterOutputStream text = new WriterOutputStream(api.out())) {
                api.client().streamLogs(api.namespace(), pipeline, runId, task, follow, text);
            }
        }
        return 0;
    }
}
