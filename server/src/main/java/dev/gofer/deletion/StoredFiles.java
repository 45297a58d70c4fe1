package dev.gofer.deletion;

import dev.gofer.logs.LogStore;
import dev.gofer.model.RunKey;
import dev.gofer.objects.ObjectStore;
import dev.gofer.store.DeletionStore.FileRemoval;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a pipeline or a run stored outside the database: its runs' logs (every attempt) and its objects' bytes. */
public final class StoredFiles implements FileRemovals.Files {
    private final Vertx vertx;
    private final LogStore logs;
    private final ObjectStore objects;

    public StoredFiles(Vertx vertx, LogStore logs, ObjectStore objects) {
        this.vertx = vertx;
        this.logs = logs;
        this.objects = objects;
    }

    @Override
    public Future<Void> remove(FileRemoval r) {
        if (r.wholePipeline()) {
            return objects.deleteFilesOfPipeline(r.namespaceId(), r.pipelineId())
                    .compose(v -> deleteDir(logs.pipelineDir(r.namespaceId(), r.pipelineId())));
        }
        RunKey run = new RunKey(r.namespaceId(), r.pipelineId(), r.runId());
        return objects.deleteFilesOfRun(run).compose(v -> deleteDir(logs.runDir(run)));
    }

    /** Runs only (a batch of retention): their objects in one backend call, then their logs in one worker trip. */
    @Override
    public Future<Void> removeAll(List<FileRemoval> removals) {
        if (removals.stream().anyMatch(FileRemoval::wholePipeline)) {
            return FileRemovals.Files.super.removeAll(removals);
        }
        List<RunKey> runs = removals.stream().map(r -> new RunKey(r.namespaceId(), r.pipelineId(), r.runId())).toList();
        return objects.deleteFilesOfRuns(runs).compose(v -> deleteDirs(runs.stream().map(logs::runDir).toList()));
    }

    private Future<Void> deleteDir(Path dir) {
        return deleteDirs(List.of(dir));
    }

    /** One trip to a worker thread, not one per check and delete (see SqlDeletionStore.expireRuns). */
    private Future<Void> deleteDirs(List<Path> dirs) {
        return vertx.executeBlocking(() -> {
            for (Path dir : dirs) {
                if (Files.exists(dir)) {
                    try (Stream<Path> all = Files.walk(dir)) {
                        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
            return null;
        }, false);
    }
}
