package io.twt.forwarder.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counters since start, shared by the source, the queue and the sender threads. */
public final class ForwarderMetrics {

    public final LongAdder received = new LongAdder();
    public final LongAdder posts = new LongAdder();
    public final LongAdder control = new LongAdder();
    public final LongAdder keepalive = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder forwarded = new LongAdder();
    public final LongAdder putCalls = new LongAdder();
    public final LongAdder recordsSent = new LongAdder();
    public final LongAdder failedCalls = new LongAdder();
    public final LongAdder failedEntries = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
    public final LongAdder queueFullWaits = new LongAdder();

    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reconnects = new ConcurrentHashMap<>();
    private volatile IntSupplier queueDepth = () -> 0;

    public void rejected(String reason) {
        rejected.increment();
        rejectedByReason.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public void reconnect(String cause) {
        reconnects.computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    public long reconnects(String cause) {
        LongAdder n = reconnects.get(cause);
        return n == null ? 0 : n.sum();
    }

    public long rejectedFor(String reason) {
        LongAdder n = rejectedByReason.get(reason);
        return n == null ? 0 : n.sum();
    }

    public void queueDepth(IntSupplier depth) {
        this.queueDepth = depth;
    }

    /** One JSON object with every counter, for the periodic metrics log line. */
    public String toJson(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("received", received.sum());
        o.put("posts", posts.sum());
        o.put("control", control.sum());
        o.put("keepalive", keepalive.sum());
        o.put("rejected", rejected.sum());
        o.set("rejected_by_reason", counts(mapper, rejectedByReason));
        o.put("forwarded", forwarded.sum());
        o.put("put_calls", putCalls.sum());
        o.put("failed_calls", failedCalls.sum());
        o.put("failed_entries", failedEntries.sum());
        o.put("retries", retries.sum());
        o.put("dead_lettered", deadLettered.sum());
        o.set("reconnects", counts(mapper, reconnects));
        o.put("queue_depth", queueDepth.getAsInt());
        o.put("queue_full_waits", queueFullWaits.sum());
        long calls = putCalls.sum();
        o.put("records_per_call", calls == 0 ? 0.0 : Math.round(10.0 * recordsSent.sum() / calls) / 10.0);
        return o.toString();
    }

    private static ObjectNode counts(ObjectMapper mapper, Map<String, LongAdder> m) {
        ObjectNode n = mapper.createObjectNode();
        new TreeMap<>(m).forEach((k, v) -> n.put(k, v.sum()));
        return n;
    }
}
