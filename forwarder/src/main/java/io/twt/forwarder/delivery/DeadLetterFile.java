package io.twt.forwarder.delivery;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Firehose would not take after every retry, appended as they were sent (one trimmed
 * record per line), so the file can be replayed later with the file source.
 */
public final class DeadLetterFile {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFile.class);

    private final Path path;

    public DeadLetterFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Appends records that each end with a newline, and forces them to disk. */
    public synchronized void append(List<byte[]> records, String reason) {
        if (records.isEmpty()) {
            return;
        }
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // A stream, not a FileChannel: an interrupted sender (shutdown deadline) must still write.
            try (FileOutputStream out = new FileOutputStream(path.toFile(), true)) {
                for (byte[] r : records) {
                    out.write(r);
                }
                out.getFD().sync();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dead-letter file " + path, e);
        }
        LOG.warn("dead-lettered {} record(s) to {}: {}", records.size(), path, reason);
    }
}
