package io.twt.forwarder.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads dead letters to S3 as gzip NDJSON objects
 * {@code <prefix>yyyy/MM/dd/HH/<instance>-<seq>.gz} (the UTC hour of the upload), so that they
 * take the path Firehose's objects take: validation, Snowpipe, the merge.
 *
 * <p>{@link #uploadPending} closes the current segment of the {@link DeadLetterFile} and uploads
 * every closed segment, deleting each one only after S3 has accepted it. A segment that fails
 * stays for the next try, and so does anything a previous process (or instance, when its volume is
 * reused) left at the same path: the first periodic run after {@link #start} uploads it. A retry
 * after an upload whose answer was lost sends the segment again; duplicates are harmless (the
 * merge deduplicates by id), losses are not.
 *
 * <p>{@code <seq>} is this process's start time in milliseconds and a counter, so segments of two
 * processes never share a name; a leftover segment keeps the name its own process gave it.
 */
public final class DeadLetterUploader {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterUploader.class);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
    // With less time left, an upload could only time out: leave the segment for the next start.
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

    private final DeadLetterFile file;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String instance;
    private final Clock clock;
    private final long startMillis;
    private final AtomicLong counter = new AtomicLong();
    private final ReentrantLock uploading = new ReentrantLock();
    private ScheduledExecutorService schedule;

    /** What one {@link #uploadPending} did: segments uploaded (and deleted), and segments still on disk (-1: unknown, the directory is unreadable). */
    public record Result(int uploaded, int left) {
    }

    public DeadLetterUploader(DeadLetterFile file, S3Client s3, String bucket, String prefix, String instance, Clock clock) {
        this.file = file;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.instance = instance;
        this.clock = clock;
        this.startMillis = clock.millis();
    }

    /** Uploads leftovers now, then what is dead-lettered every {@code interval}, each run bounded by the interval. */
    public synchronized void start(Duration interval) {
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twt-dead-letter-upload");
            t.setDaemon(true);
            return t;
        });
        schedule.scheduleWithFixedDelay(() -> uploadPending(interval), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the periodic uploads and uploads what is pending within {@code budget} (the rest of the
     * shutdown deadline); what does not make it stays on disk for the next start.
     */
    public Result stop(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (this) {
            if (schedule != null) {
                // An upload in flight holds the lock until its own time limit: interrupt it.
                schedule.shutdownNow();
            }
        }
        return uploadPending(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Closes the current segment and uploads every closed one, oldest first, within {@code budget};
     * stops at the first failure (S3 is likely down or refusing) and leaves the rest for the next run.
     */
    public Result uploadPending(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        try {
            if (!uploading.tryLock(budget.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Result(0, pendingCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(0, pendingCount());
        }
        try {
            file.closeSegment(nextSegmentName());
            List<Path> segments = file.closedSegments();
            int uploaded = 0;
            for (Path segment : segments) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.compareTo(MIN_ATTEMPT) < 0 || Thread.currentThread().isInterrupted() || !upload(segment, left)) {
                    break;
                }
                uploaded++;
            }
            int remaining = segments.size() - uploaded;
            if (remaining > 0) {
                LOG.warn("{} dead-letter segment(s) stay in {} for the next upload", remaining, file.path().toAbsolutePath().getParent());
            }
            return new Result(uploaded, remaining);
        } catch (IOException | RuntimeException e) {
            LOG.error("dead-letter upload failed, the segments stay on disk: {}", e.toString());
            return new Result(0, pendingCount());
        } finally {
            uploading.unlock();
        }
    }

    private boolean upload(Path segment, Duration timeLimit) throws IOException {
        String key = prefix + HOUR.format(clock.instant()) + file.segmentName(segment) + ".gz";
        // Gzipped to a temp file, not in memory: a leftover segment can be far bigger than the heap.
        Path body = Files.createTempFile("twt-dead-letter-", ".gz");
        try {
            try (InputStream in = Files.newInputStream(segment);
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(body), 1 << 16)) {
                in.transferTo(out);
            }
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/gzip")
                    .overrideConfiguration(c -> c.apiCallTimeout(timeLimit)), RequestBody.fromFile(body));
        } catch (SdkException e) {
            LOG.warn("cannot upload dead-letter segment {} to s3://{}/{}: {}", segment.getFileName(), bucket, key, e.toString());
            return false;
        } finally {
            Files.deleteIfExists(body);
        }
        Files.delete(segment);
        LOG.info("uploaded dead-letter segment {} to s3://{}/{}", segment.getFileName(), bucket, key);
        return true;
    }

    private String nextSegmentName() {
        return String.format("%s-%013d-%06d", instance, startMillis, counter.incrementAndGet());
    }

    private int pendingCount() {
        try {
            return file.closedSegments().size() + (Files.exists(file.path()) && Files.size(file.path()) > 0 ? 1 : 0);
        } catch (IOException e) {
            return -1;
        }
    }
}
