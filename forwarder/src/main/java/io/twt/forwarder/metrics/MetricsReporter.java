package io.twt.forwarder.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints the counters as one embedded metric format document per line on standard output, at a
 * fixed interval and once more at the end. Not through the logger: CloudWatch Logs extracts
 * metrics only from a log event that is the JSON document itself, without a log prefix.
 */
public final class MetricsReporter implements AutoCloseable {

    public static final String NAMESPACE = "twt";
    public static final String DIMENSION = "Stack";

    private final ForwarderMetrics metrics;
    private final ObjectMapper mapper;
    private final Map<String, String> dimensions;
    private final PrintStream out;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private boolean closed;

    public MetricsReporter(ForwarderMetrics metrics, ObjectMapper mapper, Duration interval, String stack) {
        this(metrics, mapper, interval, stack, System.out, Clock.systemUTC());
    }

    MetricsReporter(ForwarderMetrics metrics, ObjectMapper mapper, Duration interval, String stack, PrintStream out, Clock clock) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.dimensions = Map.of(DIMENSION, stack);
        this.out = out;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twt-metrics");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void report() {
        String line = metrics.toEmf(mapper, NAMESPACE, dimensions, clock.millis());
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * Stops the timer and prints the final line. A second caller (the shutdown hook beside the main
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
