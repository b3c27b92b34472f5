package io.twt.local;

import io.twt.core.io.Gzip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Delivers records the way Amazon Data Firehose does for a Direct PUT stream to S3: records are
 * buffered and written as one gzip NDJSON object under {@code raw/yyyy/MM/dd/HH/} (UTC arrival
 * hour) when the buffer reaches its size or its interval, whichever comes first. Objects appear
 * atomically (written aside, then renamed).
 */
final class LocalFirehose {

    private static final DateTimeFormatter PREFIX = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    /** Called with each object once it is complete, relative key first (e.g. 2026/03/01/12/twt-local-1-…gz). */
    interface ObjectListener {
        void delivered(String relativeKey, Path object, long records) throws IOException;
    }

    private final Path rawRoot;
    private final long bufferBytes;
    private final Duration bufferInterval;
    private final Clock clock;
    private final ObjectListener listener;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private Path current;
    private String currentKey;
    private OutputStream out;
    private long bufferedBytes;
    private long bufferedRecords;
    private Instant opened;
    private int sequence;

    LocalFirehose(Path rawRoot, long bufferBytes, Duration bufferInterval, Clock clock, ObjectListener listener) {
        this.rawRoot = rawRoot;
        this.bufferBytes = bufferBytes;
        this.bufferInterval = bufferInterval;
        this.clock = clock;
        this.listener = listener;
    }

    /** Buffers one record (a JSON line without terminator) that the line stage found within Firehose's limit. */
    void put(byte[] record) throws IOException {
        Instant now = clock.instant();
        if (out != null && Duration.between(opened, now).compareTo(bufferInterval) >= 0) {
            flush();
        }
        if (out == null) {
            open(now);
        }
        out.write(record);
        out.write('\n');
        bufferedBytes += record.length + 1;
        bufferedRecords++;
        if (bufferedBytes >= bufferBytes) {
            flush();
        }
    }

    /** Writes out what is buffered, if anything. */
    void flush() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        out = null;
        Path target = rawRoot.resolve(currentKey);
        Files.createDirectories(target.getParent());
        Files.move(current, target, StandardCopyOption.ATOMIC_MOVE);
        long records = bufferedRecords;
        bufferedBytes = 0;
        bufferedRecords = 0;
        listener.delivered(currentKey, target, records);
    }

    private void open(Instant now) throws IOException {
        opened = now;
        sequence++;
        // Firehose names objects <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>; ours say local.
        currentKey = PREFIX.format(now) + "/twt-local-1-" + STAMP.format(now) + "-" + runId + "-" + String.format("%05d", sequence) + ".gz";
        Files.createDirectories(rawRoot);
        current = Files.createTempFile(rawRoot, ".delivering-", ".gz");
        out = Gzip.fastOutput(Files.newOutputStream(current));
    }
}
