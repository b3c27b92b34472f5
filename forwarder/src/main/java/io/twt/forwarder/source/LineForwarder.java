package io.twt.forwarder.source;

import io.twt.core.record.RecordJson;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.metrics.ForwarderMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's line consumer: trims a line, counts it, and queues the record (ending with a
 * newline) for delivery. A bad line is counted and logged, never fatal.
 */
public final class LineForwarder implements LineConsumer {

    public static final String RECORD_TOO_LARGE = "record_too_large";
    public static final String LINE_TOO_LONG = "line_too_long";
    private static final int LOGGED_CHARS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(LineForwarder.class);

    private final Trimmer trimmer;
    private final RecordQueue queue;
    private final ForwarderMetrics metrics;

    public LineForwarder(Trimmer trimmer, RecordQueue queue, ForwarderMetrics metrics) {
        this.trimmer = trimmer;
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) throws InterruptedException {
        metrics.received.increment();
        if (truncated) {
            reject(source, line, LINE_TOO_LONG, "the line is longer than the line limit", buf, len);
            return null;
        }
        TrimResult result = trimmer.trim(buf, 0, len);
        switch (result.kind()) {
            case POST -> {
                byte[] json = result.json();
                if (json.length + 1 > RecordJson.MAX_DELIVERED_BYTES) {
                    reject(source, line, RECORD_TOO_LARGE, "the record is " + (json.length + 1) + " bytes, over Firehose's 1,000 KiB", buf, len);
                    return result;
                }
                byte[] record = Arrays.copyOf(json, json.length + 1);
                record[json.length] = '\n';
                try {
                    queue.put(record);
                } finally { // interrupted while the queue is full, the queue still keeps the record
                    metrics.posts.increment();
                }
            }
            case CONTROL -> {
                metrics.control.increment();
                LOG.debug("{}:{}: control message {}", source, line, result.control());
            }
            case KEEPALIVE -> metrics.keepalive.increment();
            case REJECTED -> reject(source, line, result.problem().code(), result.problem().toString(), buf, len);
        }
        return result;
    }

    private void reject(String source, long line, String reason, String message, byte[] buf, int len) {
        metrics.rejected(reason);
        String start = new String(buf, 0, Math.min(len, LOGGED_CHARS * 4), StandardCharsets.UTF_8);
        if (start.length() > LOGGED_CHARS) {
            start = start.substring(0, LOGGED_CHARS) + "…";
        }
        LOG.warn("rejected {}:{}: {}: {}", source, line, message, start);
    }
}
