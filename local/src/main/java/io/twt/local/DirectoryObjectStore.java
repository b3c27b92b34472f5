package io.twt.local;

import io.twt.core.object.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The workdir as the split's {@link ObjectStore}: the object {@code raw/2026/…/x.gz} is the file
 * {@code WORKDIR/raw/2026/…/x.gz}. Outputs are written in {@link #tempDir()} and moved into place
 * with one atomic rename, so the load stage never sees part of an object.
 */
final class DirectoryObjectStore implements ObjectStore {

    /** Under the workdir, so that the rename into place stays on one file system. */
    static final String TEMP_DIR = ".validating";

    private final Path root;

    DirectoryObjectStore(Path root) {
        this.root = root;
    }

    /** Where the split writes its outputs before they are published. */
    Path tempDir() {
        return root.resolve(TEMP_DIR);
    }

    @Override
    public InputStream read(String key) throws IOException {
        return Files.newInputStream(file(key));
    }

    @Override
    public void write(String key, Path file) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    /** Keys are relative; one that would lead out of the workdir is refused. */
    private Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root.normalize()) || file.equals(root.normalize())) {
            throw new IllegalArgumentException("not an object key in " + root + ": " + key);
        }
        return file;
    }
}
