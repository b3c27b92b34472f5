package io.twt.stream.source;

import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import io.twt.core.line.LineStage;
import io.twt.core.trim.TrimResult;
import io.twt.stream.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a stream file (NDJSON, gzip detected, any input format) as fast as the queue takes it
 * or at a given rate of posts per second.
 */
public final class ReplaySource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaySource.class);

    private final Path file;
    private final LineConsumer lines;
    private final RatePacer pacer;
    private volatile boolean stopped;

    /** {@code postsPerSecond} of 0 or less replays as fast as delivery allows. */
    public ReplaySource(Path file, LineConsumer lines, double postsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        this.file = file;
        this.lines = lines;
        this.pacer = postsPerSecond > 0 ? new RatePacer(postsPerSecond, nanoClock, sleeper) : null;
    }

    @Override
    public void run() throws IOException, InterruptedException {
        LOG.info("replaying {}", file);
        String name = file.getFileName().toString();
        try (InputStream in = open(file)) {
            long count = new LineReader(LineStage.MAX_LINE_BYTES).read(in, (number, buf, len, truncated) -> {
                if (stopped) {
                    throw new InterruptedIOException("stopped");
                }
                try {
                    TrimResult r = lines.accept(name, number, buf, len, truncated);
                    if (pacer != null && r != null && r.kind() == TrimResult.Kind.POST) {
                        pacer.awaitNext();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
            });
            LOG.info("replayed {} line(s) of {}", count, file);
        } catch (InterruptedIOException e) {
            LOG.info("replay of {} stopped", file);
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private static InputStream open(Path file) throws IOException {
        return Gzip.decompressIfGzip(Files.newInputStream(file));
    }
}
