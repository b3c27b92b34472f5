package io.twt.forwarder.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the counters as one JSON line at a fixed interval, and once more at the end. */
public final class MetricsReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("twt.metrics");

    private final ForwarderMetrics metrics;
    private final ObjectMapper mapper;
    private final ScheduledExecutorService timer;
    private boolean closed;

    public MetricsReporter(ForwarderMetrics metrics, ObjectMapper mapper, Duration interval) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twt-metrics");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void report() {
        LOG.info("{}", metrics.toJson(mapper));
    }

    /**
     * Stops the timer and logs the final line. A second caller (the shutdown hook beside the main
     * thread) waits until that line is written: the JVM halts as soon as the hook returns.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            timer.shutdownNow();
            report();
        }
    }
}
