package dev.gofer.cli.object;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.cli.Gofer;
import dev.gofer.cli.common.ApiOptions;
import dev.gofer.cli.common.Fields;
import dev.gofer.cli.common.HumanTime;
import dev.gofer.cli.common.Table;
import dev.gofer.cli.common.WriterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What the pipeline and run object commands do, given where the objects live. */
final class ObjectActions {
    private ObjectActions() {
    }

    static int list(ApiOptions api, String objects, String owner) {
        JsonNode response = api.client().listObjects(objects);
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
            api.out().printf("%s has no objects%n", owner);
            api.out().flush();
        } else {
            table.print(api.out());
        }
        return 0;
    }

    /** Raw bytes to stdout (through the text writer when embedded, e.g. in tests). */
    static int get(CommandSpec spec, ApiOptions api, String objects, String key) throws IOException {
        api.out().flush();
        OutputStream raw = spec.root().userObject() instanceof Gofer gofer ? gofer.rawOutput().orElse(null) : null;
        if (raw != null) {
            api.client().getObject(objects, key, raw);
        } else {
            try (WriterOutputStream text = new WriterOutputStream(api.out())) {
                api.client().getObject(objects, key, text);
            }
        }
        return 0;
    }

    static int put(ApiOptions api, String objects, String key, String source, boolean force) throws IOException {
        JsonNode response;
        if (source.equals("-")) {
            response = api.client().putObject(objects, key, System.in, force);
        } else {
            Path file = Path.of(source);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("file " + file + " does not exist (use - to read the object from stdin)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                response = api.client().putObject(objects, key, in, force);
            }
        }
        if (api.json()) {
            api.printJson(response);
            return 0;
        }
        api.out().printf("stored object %s (%d bytes)%n", key, response.path("object").path("size").asLong());
        JsonNode evicted = response.path("object_evicted");
        if (evicted.isObject()) {
            api.out().printf("the pipeline was at its limit of %d objects: evicted the oldest, %s%n",
                    response.path("object_limit").asInt(), evicted.path("key").asText());
        }
        api.out().flush();
        return 0;
    }

    static int delete(ApiOptions api, String objects, String key) {
        api.client().deleteObject(objects, key);
        api.out().printf("deleted object %s%n", key);
        api.out().flush();
        return 0;
    }
}
