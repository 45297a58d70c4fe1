package dev.gofer.cli.object;

import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "object",
        mixinStandardHelpOptions = true,
        description = {"A pipeline's objects: bytes kept across runs (up to the server's pipeline_object_limit;"
                + " a new key beyond it evicts the oldest). Tasks read one with a variable set to pipeline_object{{KEY}}.", "",
                "Examples:", "  gofer pipeline object put build cache.tar ./cache.tar",
                "  echo v1.2.3 | gofer pipeline object put build version - --force",
                "  gofer pipeline object get build cache.tar > cache.tar", ""},
        subcommands = {PipelineObjects.List.class, PipelineObjects.Get.class, PipelineObjects.Put.class, PipelineObjects.Delete.class})
public final class PipelineObjects extends CommandGroup {
    /** {@code PIPELINE}: the objects of one pipeline. */
    static final class OfPipeline implements ObjectActions.Scope {
        @Parameters(paramLabel = "PIPELINE", description = "pipeline id")
        String pipeline;

        @Override
        public String objects(ApiOptions api) {
            return api.client().objects().of(api.namespace(), pipeline, null);
        }

        @Override
        public String owner() {
            return "pipeline " + pipeline;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List a pipeline's objects.", "",
            "Example:", "  gofer pipeline object list build", ""})
    static final class List extends ObjectActions.ListObjects {
        List() {
            super(new OfPipeline());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Write an object's bytes to stdout.", "",
            "Example:", "  gofer pipeline object get build cache.tar > cache.tar", ""})
    static final class Get extends ObjectActions.GetObject {
        Get() {
            super(new OfPipeline());
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = {"Store a file (or stdin, with -) as an object.", "",
            "Examples:", "  gofer pipeline object put build cache.tar ./cache.tar", "  date | gofer pipeline object put build stamp - --force", ""})
    static final class Put extends ObjectActions.PutObject {
        Put() {
            super(new OfPipeline());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete an object.", "",
            "Example:", "  gofer pipeline object delete build cache.tar", ""})
    static final class Delete extends ObjectActions.DeleteObject {
        Delete() {
            super(new OfPipeline());
        }
    }
}
