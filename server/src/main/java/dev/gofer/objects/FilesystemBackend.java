package dev.gofer.objects;

import dev.gofer.files.PrivateFiles;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under {@code <data_dir>/objects}. Uploads go to {@code .staging/} first and are renamed
 * into place after an fsync: a crash mid-upload leaves only a staging file (removed at the next start), never
 * a truncated object.
 */
public final class FilesystemBackend implements ObjectBackend {
    private static final int READ_BUFFER = 64 * 1024;
    private final Vertx vertx;
    private final Path root;
    private final Path staging;

    public FilesystemBackend(Vertx vertx, Path root) {
        this.vertx = vertx;
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
    }

    /** Creates the folders and removes uploads a crash interrupted. */
    @Override
    public Future<Void> prepare() {
        return vertx.executeBlocking(() -> {
            PrivateFiles.directories(staging);
            try (Stream<Path> leftovers = Files.list(staging)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            return null;
        });
    }

    private Path path(String location) {
        Path p = root.resolve(location).normalize();
        if (!p.startsWith(root) || p.startsWith(staging)) {
            throw new IllegalArgumentException("object location outside the object store: " + location);
        }
        return p;
    }

    @Override
    public Future<Upload> create(String location) {
        Path target = path(location);
        Path tmp = staging.resolve(UUID.randomUUID() + ".upload");
        return vertx.fileSystem().open(tmp.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setPerms(PrivateFiles.FILE_PERMS))
                .map(file -> new FileUpload(file, tmp, target));
    }

    private final class FileUpload implements Upload {
        private final AsyncFile file;
        private final Path tmp;
        private final Path target;

        FileUpload(AsyncFile file, Path tmp, Path target) {
            this.file = file;
            this.tmp = tmp;
            this.target = target;
        }

        @Override
        public WriteStream<Buffer> stream() {
            return file;
        }

        @Override
        public Future<Void> publish() {
            return file.flush().compose(v -> file.close()).compose(v -> vertx.executeBlocking(() -> {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                PrivateFiles.directories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return null;
            }, false));
        }

        @Override
        public Future<Void> discard() {
            return file.close().recover(e -> Future.succeededFuture())
                    .compose(v -> vertx.executeBlocking(() -> {
                        Files.deleteIfExists(tmp);
                        return null;
                    }, false));
        }
    }

    @Override
    public Future<Download> open(String location) {
        String p = path(location).toString();
        return vertx.fileSystem().props(p).compose(props -> vertx.fileSystem().open(p, new OpenOptions().setRead(true).setWrite(false))
                .map(file -> new Download(file.setReadBufferSize(READ_BUFFER), props.size())));
    }

    @Override
    public Future<Void> delete(String location) {
        Path p = path(location);
        return vertx.executeBlocking(() -> {
            Files.deleteIfExists(p);
            return null;
        }, false);
    }

    @Override
    public Future<Void> deleteAll(String prefix) {
        return deleteEach(List.of(prefix));
    }

    /** One trip to a worker thread for all of them (retention removes a batch of runs at a time). */
    @Override
    public Future<Void> deleteEach(List<String> prefixes) {
        List<Path> dirs = prefixes.stream().map(this::path).toList();
        return vertx.executeBlocking(() -> {
            for (Path dir : dirs) {
                deleteTree(dir);
            }
            return null;
        }, false);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
