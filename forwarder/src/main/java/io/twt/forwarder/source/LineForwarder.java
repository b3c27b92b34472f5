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
 * What every source does with a line: trim it, count it, and queue the record (ending with a
 * newline) for delivery. A bad line is counted and logged, never fatal.
 */
public final class LineForwarder {

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

    /**
     * Handles one line ({@code where} names it in logs) and returns what it was, or null when the
     * line was too long to be trimmed at all.
     */
    public TrimResult accept(String where, byte[] buf, int len, boolean truncated) throws InterruptedException {
        metrics.received.increment();
        if (truncated) {
            reject(where, LINE_TOO_LONG, "the line is longer than the line limit", buf, len);
            return null;
        }
        TrimResult result = trimmer.trim(buf, 0, len);
        switch (result.kind()) {
            case POST -> {
                byte[] json = result.json();
                if (json.length + 1 > RecordJson.MAX_DELIVERED_BYTES) {
                    reject(where, RECORD_TOO_LARGE, "the record is " + (json.length + 1) + " bytes, over Firehose's 1,000 KiB", buf, len);
                    return result;
                }
                byte[] record = Arrays.copyOf(json, json.length + 1);
                record[json.length] = '\n';
                queue.put(record);
                metrics.posts.increment();
            }
            case CONTROL -> {
                metrics.control.increment();
                LOG.debug("{}: control message {}", where, result.control());
            }
            case KEEPALIVE -> metrics.keepalive.increment();
            case REJECTED -> reject(where, result.problem().code(), result.problem().toString(), buf, len);
        }
        return result;
    }

    private void reject(String where, String reason, String message, byte[] buf, int len) {
        metrics.rejected(reason);
        String start = new String(buf, 0, Math.min(len, LOGGED_CHARS * 4), StandardCharsets.UTF_8);
        if (start.length() > LOGGED_CHARS) {
            start = start.substring(0, LOGGED_CHARS) + "…";
        }
        LOG.warn("rejected {}: {}: {}", where, message, start);
    }
}
