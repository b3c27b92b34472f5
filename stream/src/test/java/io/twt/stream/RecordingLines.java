package io.twt.stream;

import io.twt.core.line.LineOutcome;
import io.twt.core.line.LineStage;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.ReconnectCounter;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for the apps' line consumers: the shared {@link LineStage} decides each line's fate,
 * and this counts the fates (compliance notices too), keeps the posts' records and counts reconnects
 * by cause.
 */
public final class RecordingLines implements LineConsumer, ReconnectCounter {

    public final LongAdder received = new LongAdder();
    public final LongAdder posts = new LongAdder();
    public final LongAdder notices = new LongAdder();
    public final LongAdder control = new LongAdder();
    public final LongAdder keepalive = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reconnectsByCause = new ConcurrentHashMap<>();
    private final Queue<byte[]> records = new ConcurrentLinkedQueue<>();
    private final LineStage stage;

    public RecordingLines(Trimmer trimmer) {
        this.stage = new LineStage(trimmer);
    }

    @Override
    public synchronized TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) {
        received.increment();
        LineOutcome outcome = stage.decide(buf, len, truncated);
        switch (outcome.fate()) {
            case POST -> {
                records.add(outcome.record());
                posts.increment();
            }
            case NOTICE -> notices.increment();
            case CONTROL -> control.increment();
            case KEEPALIVE -> keepalive.increment();
            case REJECTED -> {
                rejected.increment();
                rejectedByReason.computeIfAbsent(outcome.problem().code(), k -> new LongAdder()).increment();
            }
        }
        return outcome.trim();
    }

    @Override
    public void reconnecting(String cause) {
        reconnectsByCause.computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    public long rejectedFor(String reason) {
        LongAdder n = rejectedByReason.get(reason);
        return n == null ? 0 : n.sum();
    }

    public long reconnects(String cause) {
        LongAdder n = reconnectsByCause.get(cause);
        return n == null ? 0 : n.sum();
    }

    /** The oldest record not taken yet, or null. */
    public byte[] poll() {
        return records.poll();
    }

    public int depth() {
        return records.size();
    }
}
