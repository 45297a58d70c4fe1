package dev.gofer.cli.object;

import dev.gofer.cli.common.ApiOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "object",
        mixinStandardHelpOptions = true,
        description = {"A run's objects: bytes shared by the tasks of one run, deleted once run_object_expiry newer runs exist."
                + " Tasks read one with a variable set to run_object{{KEY}}.", "",
                "Examples:", "  gofer run object put build 7 report.json ./report.json",
                "  echo ok | gofer run object put build 7 status -",
                "  gofer run object get build 7 report.json", ""},
        subcommands = {RunObjects.List.class, RunObjects.Get.class, RunObjects.Put.class, RunObjects.Delete.class})
public final class RunObjects implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of list, get, put, delete");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a run's objects.", "",
            "Example:", "  gofer run object list build 7", ""})
    static final class List implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "RUN", description = "run id")
        long run;

        @Override
        public Integer call() {
            return ObjectActions.list(api, api.client().objects(api.namespace(), pipeline, run), "run " + run + " of " + pipeline);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Write an object's bytes to stdout.", "",
            "Example:", "  gofer run object get build 7 report.json", ""})
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "RUN", description = "run id")
        long run;
        @Parameters(index = "2", paramLabel = "KEY", description = "object key")
        String key;

        @Override
        public Integer call() throws Exception {
            return ObjectActions.get(spec, api, api.client().objects(api.namespace(), pipeline, run), key);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a file (or stdin, with -) as an object.", "",
            "Examples:", "  gofer run object put build 7 report.json ./report.json", "  date | gofer run object put build 7 stamp - --force", ""})
    static final class Put implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "RUN", description = "run id")
        long run;
        @Parameters(index = "2", paramLabel = "KEY", description = "object key: letters, digits, '.', '_', '-'")
        String key;
        @Parameters(index = "3", paramLabel = "FILE", description = "file to upload, or - for stdin")
        String source;
        @Option(names = {"-f", "--force"}, description = "replace the object if the key exists")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return ObjectActions.put(api, api.client().objects(api.namespace(), pipeline, run), key, source, force);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete an object.", "",
            "Example:", "  gofer run object delete build 7 report.json", ""})
    static final class Delete implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "RUN", description = "run id")
        long run;
        @Parameters(index = "2", paramLabel = "KEY", description = "object key")
        String key;

        @Override
        public Integer call() {
            return ObjectActions.delete(api, api.client().objects(api.namespace(), pipeline, run), key);
        }
    }
}
