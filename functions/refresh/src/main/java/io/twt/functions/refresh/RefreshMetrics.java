package io.twt.functions.refresh;

import io.twt.core.sql.RefreshResult;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The Refresh function's metrics: one CloudWatch embedded-metric-format line per run, flushed by
 * Powertools on stdout, which CloudWatch Logs turns into metrics under exactly the
 * {@code FunctionName} dimension (the dimension set the alarms name). Every run, empty or
 * failed included, reports all of them, so a sum over any period is meaningful and an alarm on
 * {@value #FAILURES} has data points:
 *
 * <ul>
 *   <li>{@value #POSTS_READ}: distinct posts read from the stream (duplicates of an id count once);</li>
 *   <li>{@value #USERS_INSERTED}, {@value #USERS_UPDATED}, {@value #TWEETS_INSERTED}, {@value #TWEETS_UPDATED};</li>
 *   <li>{@value #REJECTED_ROWS}: rows of the stream newly kept in twt_raw_rejected (they could not
 *       be parsed or typed; the validator should have quarantined them, so any is worth a look);</li>
 *   <li>{@value #LOAD_ERROR_FILES}: files the pipe loaded with errors, newly recorded in
 *       twt_load_error (the rows Snowflake refused, and for JSON the rest of their file, are not in
 *       twt_raw);</li>
 *   <li>{@value #DURATION} in milliseconds;</li>
 *   <li>{@value #FAILURES}: 1 for a failed run, else 0.</li>
 * </ul>
 *
 * Metadata (searchable in Logs Insights, not metrics): {@code StreamHadData}, {@code Statements},
 * and {@code Error} for a failed run.
 */
public final class RefreshMetrics {

    static final String DIMENSION = "FunctionName";
    static final String POSTS_READ = "PostsRead";
    static final String USERS_INSERTED = "UsersInserted";
    static final String USERS_UPDATED = "UsersUpdated";
    static final String TWEETS_INSERTED = "TweetsInserted";
    static final String TWEETS_UPDATED = "TweetsUpdated";
    static final String REJECTED_ROWS = "RejectedRows";
    static final String LOAD_ERROR_FILES = "LoadErrorFiles";
    static final String DURATION = "RefreshDuration";
    static final String FAILURES = "RefreshFailures";

    private final Metrics metrics;
    private final Clock clock;

    RefreshMetrics(String namespace, String functionName, Clock clock) {
        // The FunctionName default dimension replaces the Service one Powertools adds from
        // POWERTOOLS_SERVICE_NAME: CloudWatch matches an alarm to a metric only when the alarm names
        // its full dimension set ("Dimension combinations", CloudWatch concepts:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#dimension-combinations).
        this.metrics = MetricsBuilder.builder().withNamespace(namespace).withDefaultDimension(DIMENSION, functionName).build();
        this.clock = clock;
    }

    /** Named from {@code POWERTOOLS_METRICS_NAMESPACE} (default twt) and {@code AWS_LAMBDA_FUNCTION_NAME}. */
    public static RefreshMetrics fromEnvironment(Map<String, String> env) {
        return new RefreshMetrics(env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "twt"),
                env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "RefreshFunction"), Clock.systemUTC());
    }

    public void refreshed(RefreshResult r) {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(POSTS_READ, r.batchRows());
        values.put(USERS_INSERTED, r.users().inserted());
        values.put(USERS_UPDATED, r.users().updated());
        values.put(TWEETS_INSERTED, r.tweets().inserted());
        values.put(TWEETS_UPDATED, r.tweets().updated());
        values.put(REJECTED_ROWS, r.rejectedRows());
        values.put(LOAD_ERROR_FILES, r.loadErrorFiles());
        values.put(DURATION, r.millis());
        values.put(FAILURES, 0L);
        flush(values, line -> {
            line.addMetadata("StreamHadData", r.ran());
            line.addMetadata("Statements", r.statements());
        });
    }

    public void failed(Exception error, long millis) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String count : new String[] {POSTS_READ, USERS_INSERTED, USERS_UPDATED, TWEETS_INSERTED, TWEETS_UPDATED, REJECTED_ROWS, LOAD_ERROR_FILES}) {
            values.put(count, 0L);
        }
        values.put(DURATION, millis);
        values.put(FAILURES, 1L);
        flush(values, line -> line.addMetadata("Error", RefreshFailedException.describe(error)));
    }

    /** The run's one line, in a context of its own: nothing of an earlier run can leak into it. */
    private void flush(Map<String, Long> values, Consumer<Metrics> metadata) {
        metrics.flushMetrics(line -> {
            line.setTimestamp(clock.instant());
            values.forEach((name, value) -> line.addMetric(name, value, name.equals(DURATION) ? MetricUnit.MILLISECONDS : MetricUnit.COUNT));
            metadata.accept(line);
        });
    }
}
