package dev.gofer.cli.object;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.ScopedCommand;
import dev.gofer.cli.common.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the object commands do, written once for both places objects live. {@link PipelineObjects} and {@link RunObjects}
 * give each its name and help, and say where the objects are with a {@link Scope}.
 */
final class ObjectActions {
    private ObjectActions() {
    }

    /** Where the objects live: a mixin whose parameters ({@code PIPELINE}, or {@code PIPELINE RUN}) come first. */
    interface Scope {
        /** The objects' API path. */
        String objects(ApiOptions api);

        /** The owner as "has no objects" names it: "pipeline build", "run 7 of build". */
        String owner();
    }

    abstract static class ObjectCommand extends ScopedCommand<Scope> {
        ObjectCommand(Scope scope) {
            super(scope);
        }

        String objects() {
            return scope.objects(api);
        }
    }

    abstract static class ListObjects extends ObjectCommand {
        ListObjects(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() {
            JsonNode response = api.client().objects().list(objects());
            if (api.json()) {
                api.printJson(response);
                return 0;
            }
            Table table = new Table("KEY", "SIZE", "CREATED");
            long now = System.currentTimeMillis();
            for (JsonNode o : Fields.required(response, "objects")) {
                table.row(o.path("key").asText(), o.path("size").asLong(), HumanTime.ago(o.path("created").asLong(), now));
            }
            if (table.isEmpty()) {
                api.printf("%s has no objects%n", scope.owner());
            } else {
                table.print(api.out());
            }
            return 0;
        }
    }

    abstract static class GetObject extends ObjectCommand {
        @Parameters(paramLabel = "KEY", description = "object key")
        String key;

        GetObject(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() throws IOException {
            api.printBytes(out -> api.client().objects().get(objects(), key, out));
            return 0;
        }
    }

    abstract static class PutObject extends ObjectCommand {
        @Parameters(paramLabel = "KEY", description = "object key: letters, digits, '.', '_', '-'")
        String key;

        @Parameters(paramLabel = "FILE", description = "file to upload, or - for stdin")
        String source;

        @Option(names = {"-f", "--force"}, description = "replace the object if the key exists")
        boolean force;

        PutObject(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() throws IOException {
            JsonNode response = source.equals("-") ? api.client().objects().put(objects(), key, System.in, force) : upload(Path.of(source));
            api.print(response, out -> {
                out.printf("stored object %s (%d bytes)%n", key, response.path("object").path("size").asLong());
                JsonNode evicted = response.path("object_evicted");
                if (evicted.isObject()) {
                    out.printf("the pipeline was at its limit of %d objects: evicted the oldest, %s%n",
                            response.path("object_limit").asInt(), evicted.path("key").asText());
                }
            });
            return 0;
        }

        private JsonNode upload(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("file " + file + " does not exist (use - to read the object from stdin)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return api.client().objects().put(objects(), key, in, force);
            }
        }
    }

    abstract static class DeleteObject extends ObjectCommand {
        @Parameters(paramLabel = "KEY", description = "object key")
        String key;

        DeleteObject(Scope scope) {
            super(scope);
        }

        @Override
        public Integer call() {
            api.client().objects().delete(objects(), key);
            api.printf("deleted object %s%n", key);
            return 0;
        }
    }
}
