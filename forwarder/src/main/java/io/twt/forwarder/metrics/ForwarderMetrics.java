package io.twt.forwarder.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twt.stream.budget.PostBudget;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counters since start, shared by the source, the queue and the sender threads. */
public final class ForwarderMetrics {

    public final LongAdder received = new LongAdder();
    public final LongAdder posts = new LongAdder();
    /** Compliance notices (v1.1 delete, status_withheld, user_withheld), queued like posts. */
    public final LongAdder notices = new LongAdder();
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
    private volatile PostBudget budget;

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

    /** The X post budget the stream source is held to; without one (a replayed file) its metrics are left out. */
    public void budget(PostBudget budget) {
        this.budget = budget;
    }

    /** One JSON object with every counter, for the periodic metrics log line. */
    public String toJson(ObjectMapper mapper) {
        return totals(mapper).toString();
    }

    private ObjectNode totals(ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("received", received.sum());
        o.put("posts", posts.sum());
        o.put(NOTICES, notices.sum());
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
        PostBudget b = budget;
        if (b != null) {
            long today = b.today();
            long month = b.thisMonth();
            o.put(X_POSTS_TODAY, today);
            o.put(X_POSTS_MONTH, month);
            o.put("x_spend_usd_today", PostBudget.spendUsd(today));
            o.put(X_SPEND_USD_MONTH, PostBudget.spendUsd(month));
            o.put("x_daily_post_cap", b.dailyCap());
            o.put("x_monthly_post_cap", b.monthlyCap());
            o.put(X_CAP_WARNING, b.nearCap() ? 1 : 0);
            o.put(X_CAP_REACHED, b.reachedCap() != null ? 1 : 0);
        }
        return o;
    }

    /** The counters EMF publishes, as counts in each interval (CloudWatch sums them per period). */
    public static final String POSTS = "posts";
    public static final String NOTICES = "notices";
    public static final String FORWARDED = "forwarded";
    public static final String DEAD_LETTERED = "dead_lettered";
    public static final String RECONNECTS = "reconnects";
    public static final String RECONNECTS_BY_CAUSE = "reconnects_";
    public static final String QUEUE_DEPTH = "queue_depth";
    /** With a post budget: posts read from X in the UTC day and month, and their estimated cost. */
    public static final String X_POSTS_TODAY = "x_posts_today";
    public static final String X_POSTS_MONTH = "x_posts_month";
    public static final String X_SPEND_USD_MONTH = "x_spend_usd_month";
    /** 1 while a count is at 80% of its cap or more, else 0. */
    public static final String X_CAP_WARNING = "x_cap_warning";
    /** 1 while a cap is reached (the stream is disconnected until the next UTC day or month), else 0. */
    public static final String X_CAP_REACHED = "x_cap_reached";

    private final Map<String, Long> reported = new HashMap<>();

    /**
     * One CloudWatch embedded metric format document: {@code posts}, {@code notices}, {@code forwarded},
     * {@code dead_lettered} and {@code reconnects} (all causes, and {@code reconnects_CAUSE} for
     * each cause seen) counted since the previous document, and {@code queue_depth} now, in
     * {@code namespace} with the given dimensions; with a post budget also, as they are now,
     * {@code x_posts_today}, {@code x_posts_month}, {@code x_spend_usd_month} (USD),
     * {@code x_cap_warning} and {@code x_cap_reached}. The counters since start are kept under
     * {@code totals}, which CloudWatch Logs stores but does not turn into metrics.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
     */
    public synchronized String toEmf(ObjectMapper mapper, String namespace, Map<String, String> dimensions, long timestampMillis) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(POSTS, posts.sum());
        counts.put(NOTICES, notices.sum());
        counts.put(FORWARDED, forwarded.sum());
        counts.put(DEAD_LETTERED, deadLettered.sum());
        long allReconnects = 0;
        Map<String, Long> byCause = new TreeMap<>();
        for (Map.Entry<String, LongAdder> e : reconnects.entrySet()) {
            byCause.put(e.getKey(), e.getValue().sum());
            allReconnects += e.getValue().sum();
        }
        counts.put(RECONNECTS, allReconnects);
        byCause.forEach((cause, n) -> counts.put(RECONNECTS_BY_CAUSE + cause, n));

        ObjectNode o = mapper.createObjectNode();
        ObjectNode aws = o.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        ArrayNode definitions = directive.putArray("Metrics");
        new TreeMap<>(dimensions).forEach((name, value) -> {
            dimensionSet.add(name);
            o.put(name, value);
        });
        counts.forEach((name, total) -> {
            definitions.addObject().put("Name", name).put("Unit", "Count");
            o.put(name, total - reported.getOrDefault(name, 0L));
            reported.put(name, total);
        });
        definitions.addObject().put("Name", QUEUE_DEPTH).put("Unit", "Count");
        o.put(QUEUE_DEPTH, queueDepth.getAsInt());
        ObjectNode totals = totals(mapper);
        if (budget != null) {
            for (String gauge : List.of(X_POSTS_TODAY, X_POSTS_MONTH, X_SPEND_USD_MONTH, X_CAP_WARNING, X_CAP_REACHED)) {
                definitions.addObject().put("Name", gauge).put("Unit", gauge.equals(X_SPEND_USD_MONTH) ? "None" : "Count");
                o.set(gauge, totals.get(gauge));
            }
        }
        o.put("logger", "twt.metrics");
        o.set("totals", totals);
        return o.toString();
    }

    private static ObjectNode counts(ObjectMapper mapper, Map<String, LongAdder> m) {
        ObjectNode n = mapper.createObjectNode();
        new TreeMap<>(m).forEach((k, v) -> n.put(k, v.sum()));
        return n;
    }
}
