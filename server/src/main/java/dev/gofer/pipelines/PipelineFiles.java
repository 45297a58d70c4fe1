package dev.gofer.pipelines;

import dev.gofer.logs.LogStore;
import dev.gofer.objects.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A pipeline's files: the logs of its runs and the bytes of its and its runs' objects. */
public final class PipelineFiles implements PipelineDeletion.Files {
    private final Vertx vertx;
    private final LogStore logs;
    private final ObjectStore objects;

    public PipelineFiles(Vertx vertx, LogStore logs, ObjectStore objects) {
        this.vertx = vertx;
        this.logs = logs;
        this.objects = objects;
    }

    @Override
    public Future<Void> remove(String ns, String pipeline) {
        String dir = logs.pipelineDir(ns, pipeline).toString();
        return objects.deleteFilesOfPipeline(ns, pipeline)
                .compose(v -> vertx.fileSystem().exists(dir))
                .compose(exists -> exists ? vertx.fileSystem().deleteRecursive(dir) : Future.succeededFuture());
    }
}
