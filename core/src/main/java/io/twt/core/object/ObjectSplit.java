package io.twt.core.object;

import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Splits one raw object into its outputs (see {@link OutputKeys}): streams it through the
 * {@link ObjectValidator}, gzipping the valid lines and the quarantine entries into temp files,
 * then publishes each file to the store. The Validate function and local mode both split with
 * this, so the same raw object gives byte-identical outputs in S3 and in a workdir.
 *
 * <p>Memory stays bounded by the longest line whatever the object's size. Nothing is published
 * before the whole object is read: a read or a temp file that fails leaves the outputs as they
 * were. The temp files are deleted in every case.
 *
 * <p>Outputs depend only on the object's content, so splitting it again rewrites byte-identical
 * objects. An output with nothing in it is not written, and one left by an earlier version of the
 * object is deleted: the set of outputs is always the one the current content gives.
 */
public final class ObjectSplit {

    /**
     * The fastest level. Compressing the valid lines is the largest cost after validating them: at
     * the default level it took more than twice as long as validating, at the fastest about as
     * long, for about a third more bytes.
     */
    public static final int GZIP_LEVEL = Deflater.BEST_SPEED;
    private static final int BUFFER_BYTES = 1 << 16;

    private final ObjectStore store;
    private final Path tempDir;
    private final ObjectValidator validator = new ObjectValidator();

    /** Temp files go to {@code tempDir} (created when missing). */
    public ObjectSplit(ObjectStore store, Path tempDir) {
        this.store = store;
        this.tempDir = tempDir;
    }

    /** Splits {@code rawKey} into {@code outputs}; errors of the store and of the temp files are thrown. */
    public ObjectReport split(String rawKey, OutputKeys outputs) throws IOException {
        Files.createDirectories(tempDir);
        Path validFile = Files.createTempFile(tempDir, "validated-", ".gz");
        try {
            Path quarantineFile = Files.createTempFile(tempDir, "quarantine-", ".gz");
            try {
                ObjectReport report;
                try (InputStream raw = store.read(rawKey);
                        OutputStream valid = gzip(validFile);
                        OutputStream quarantine = gzip(quarantineFile)) {
                    report = validator.validate(raw, valid, quarantine);
                }
                publish(outputs.validated(), validFile, report.valid() > 0);
                publish(outputs.quarantine(), quarantineFile, report.invalid() > 0 || report.unreadable() != null);
                return report;
            } finally {
                Files.deleteIfExists(quarantineFile);
            }
        } finally {
            Files.deleteIfExists(validFile);
        }
    }

    private void publish(String key, Path file, boolean hasContent) throws IOException {
        if (hasContent) {
            store.write(key, file);
        } else {
            store.delete(key);
        }
    }

    /**
     * A gzip stream to {@code file} at {@link #GZIP_LEVEL}, as the split writes its outputs (public
     * for the benchmarks that measure it). GZIPOutputStream writes no file name and a zero
     * timestamp, so the bytes depend only on the content.
     */
    public static OutputStream gzip(Path file) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file), BUFFER_BYTES) {
            {
                def.setLevel(GZIP_LEVEL);
            }
        };
        // The validator writes a line, then its newline byte: buffered, the deflater sees large blocks.
        return new BufferedOutputStream(gzip, BUFFER_BYTES);
    }
}
