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
        description = {"A pipeline's objects: bytes kept across runs (up to the server's pipeline_object_limit;"
                + " a new key beyond it evicts the oldest). Tasks read one with a variable set to pipeline_object{{KEY}}.", "",
                "Examples:", "  gofer pipeline object put build cache.tar ./cache.tar",
                "  echo v1.2.3 | gofer pipeline object put build version - --force",
                "  gofer pipeline object get build cache.tar > cache.tar", ""},
        subcommands = {PipelineObjects.List.class, PipelineObjects.Get.class, PipelineObjects.Put.class, PipelineObjects.Delete.class})
public final class PipelineObjects implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: pick one of list, get, put, delete");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's objects.", "",
            "Example:", "  gofer pipeline object list build", ""})
    static final class List implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Override
        public Integer call() {
            return ObjectActions.list(api, api.client().objects(api.namespace(), pipeline, null), "pipeline " + pipeline);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Write an object's bytes to stdout.", "",
            "Example:", "  gofer pipeline object get build cache.tar > cache.tar", ""})
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "object key")
        String key;

        @Override
        public Integer call() throws Exception {
            return ObjectActions.get(spec, api, api.client().objects(api.namespace(), pipeline, null), key);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a file (or stdin, with -) as an object.", "",
            "Examples:", "  gofer pipeline object put build cache.tar ./cache.tar", "  date | gofer pipeline object put build stamp - --force", ""})
    static final class Put implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "object key: letters, digits, '.', '_', '-'")
        String key;
        @Parameters(index = "2", paramLabel = "FILE", description = "file to upload, or - for stdin")
        String source;
        @Option(names = {"-f", "--force"}, description = "replace the object if the key exists")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return ObjectActions.put(api, api.client().objects(api.namespace(), pipeline, null), key, source, force);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete an object.", "",
            "Example:", "  gofer pipeline object delete build cache.tar", ""})
    static final class Delete implements Callable<Integer> {
        @Mixin
        ApiOptions api;
        @Parameters(index = "0", paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;
        @Parameters(index = "1", paramLabel = "KEY", description = "object key")
        String key;

        @Override
        public Integer call() {
            return ObjectActions.delete(api, api.client().objects(api.namespace(), pipeline, null), key);
        }
    }
}
