package dev.gofer.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
                "Register a pipeline file as the pipeline's next config version, then deploy that version so new runs"
                        + " use it.",
                "The file is YAML (.yaml/.yml), JSON (.json) or a Java program (.java) that builds the pipeline with the"
                        + " SDK and calls finish(); gofer runs it with the JDK's source launcher and reads the JSON it prints.",
                "",
                "Examples:",
                "  gofer pipeline deploy examples/hello.yaml",
                "  gofer pipeline deploy Build.java --no-deploy",
                ""})
public final class DeployPipeline implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "FILE", description = "pipeline file: .yaml, .yml, .json or .java")
    Path file;

    @Option(names = "--no-deploy", description = "only register the new version; runs keep using the live one")
    boolean noDeploy;

    @Override
    public Integer call() {
        ObjectNode config = PipelineFile.read(file, api.err());
        String id = config.path("id").asText();

        JsonNode registered = Fields.required(api.client().pipelines().registerConfig(api.namespace(), id, config), "pipeline");
        long version = Fields.required(Fields.required(registered, "config"), "version").asLong();
        JsonNode deployment = noDeploy ? null
                : Fields.required(api.client().pipelines().deployConfig(api.namespace(), id, version), "deployment");

        if (api.json()) {
            ObjectNode out = ApiOptions.mapper().createObjectNode();
            out.set("pipeline", registered);
            out.set("deployment", deployment);
            api.printJson(out);
            return 0;
        }
        if (noDeploy) {
            api.out().printf("pipeline %s: registered version %d (not deployed; runs keep using the live version)%n", id, version);
        } else {
            api.out().printf("pipeline %s: registered version %d and deployed it%n", id, version);
            api.out().printf("start a run with: gofer run start %s --wait%n", id);
        }
        api.out().flush();
        return 0;
    }
}
