package io.twt.forwarder.delivery;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Firehose would not take after every retry, appended as they were sent (one trimmed
 * record per line), so the file can be replayed later with the file source.
 *
 * <p>The file is the current segment. {@link #closeSegment} renames it, under the lock that
 * appends take, to a closed segment next to it ({@code <file name>.<segment name>.closed}) that no
 * one appends to any more, so a record is never split between two segments; the next append starts
 * a new current segment. {@link DeadLetterUploader} uploads closed segments and deletes them.
 */
public final class DeadLetterFile {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFile.class);

    static final String CLOSED_SUFFIX = ".closed";

    private final Path path;

    public DeadLetterFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /**
     * As {@link #append(List, String)}, counting the records in {@code counter} as soon as they are
     * handed over, before the write and its sync: a shutdown that returns at its deadline while a
     * sync is still under way must find the counts already adding up. A write that fails takes the
     * count back.
     */
    public void append(List<byte[]> records, String reason, LongAdder counter) {
        counter.add(records.size());
        try {
            append(records, reason);
        } catch (RuntimeException e) {
            counter.add(-records.size());
            throw e;
        }
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

    /**
     * Renames the current segment, when it has anything in it, to the closed segment {@code name}
     * (letters, digits, '.', '_', '-') and returns it; empty when there was nothing to close.
     */
    public synchronized Optional<Path> closeSegment(String name) throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            return Optional.empty();
        }
        // An atomic rename replaces its target on POSIX: a name already taken (another uploader on
        // this file, a leftover with the same name) gets a suffix instead of being overwritten.
        Path closed = path.resolveSibling(path.getFileName() + "." + name + CLOSED_SUFFIX);
        for (int n = 1; Files.exists(closed); n++) {
            closed = path.resolveSibling(path.getFileName() + "." + name + "-" + n + CLOSED_SUFFIX);
        }
        Files.move(path, closed, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(closed);
    }

    /** The closed segments, this process's and any a previous one left, oldest name first. */
    public List<Path> closedSegments() throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = path.getFileName() + ".";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(CLOSED_SUFFIX) && n.length() > prefix.length() + CLOSED_SUFFIX.length();
            }).sorted().toList();
        }
    }

    /** The segment name within a closed segment's file name. */
    public String segmentName(Path closed) {
        String n = closed.getFileName().toString();
        return n.substring(path.getFileName().toString().length() + 1, n.length() - CLOSED_SUFFIX.length());
    }
}
