package io.twt.forwarder.source;

import io.twt.core.line.LineOutcome;
import io.twt.core.line.LineStage;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.source.LineConsumer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's line consumer: the {@link LineStage} decides the line's fate; a post's record
 * (ending with a newline) is queued for delivery, everything is counted, and a rejected line is
 * logged, never fatal.
 */
public final class LineForwarder implements LineConsumer {

    private static final int LOGGED_CHARS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(LineForwarder.class);

    private final LineStage stage;
    private final RecordQueue queue;
    private final ForwarderMetrics metrics;

    public LineForwarder(Trimmer trimmer, RecordQueue queue, ForwarderMetrics metrics) {
        this.stage = new LineStage(trimmer);
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) throws InterruptedException {
        metrics.received.increment();
        LineOutcome outcome = stage.decide(buf, len, truncated);
        switch (outcome.fate()) {
            case POST -> {
                try {
                    queue.put(outcome.record());
                } finally { // interrupted while the queue is full, the queue still keeps the record
                    metrics.posts.increment();
                }
            }
            case NOTICE -> {
                try {
                    queue.put(outcome.record());
                } finally {
                    metrics.notices.increment();
                }
            }
            case CONTROL -> {
                metrics.control.increment();
                LOG.debug("{}:{}: control message {}", source, line, outcome.trim().control());
            }
            case KEEPALIVE -> metrics.keepalive.increment();
            case REJECTED -> reject(source, line, outcome, buf, len);
        }
        return outcome.trim();
    }

    private void reject(String source, long line, LineOutcome outcome, byte[] buf, int len) {
        metrics.rejected(outcome.problem().code());
        String start = new String(buf, 0, Math.min(len, LOGGED_CHARS * 4), StandardCharsets.UTF_8);
        if (start.length() > LOGGED_CHARS) {
            start = start.substring(0, LOGGED_CHARS) + "…";
        }
        LOG.warn("rejected {}:{}: {}: {}", source, line, outcome.problem(), start);
    }
}
