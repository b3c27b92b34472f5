package io.twt.functions.refresh;

import io.twt.core.metrics.EmfDocument;
import io.twt.core.sql.RefreshResult;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one CloudWatch embedded-metric-format document per run, on one stdout line, which
 * CloudWatch Logs turns into metrics under the {@code FunctionName} dimension. Every run, empty or
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
 * Properties (searchable in Logs Insights, not metrics): {@code StreamHadData}, {@code Statements},
 * and {@code Error} for a failed run.
 */
public final class EmfMetrics {

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

    private final PrintStream out;
    private final String namespace;
    private final String functionName;
    private final Clock clock;

    public EmfMetrics(PrintStream out, String namespace, String functionName, Clock clock) {
        this.out = out;
        this.namespace = namespace;
        this.functionName = functionName;
        this.clock = clock;
    }

    /** Metrics to stdout, named from {@code METRICS_NAMESPACE} (default twt) and {@code AWS_LAMBDA_FUNCTION_NAME}. */
    public static EmfMetrics fromEnvironment(Map<String, String> env) {
        return new EmfMetrics(System.out, env.getOrDefault("METRICS_NAMESPACE", "twt"),
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
        out.println(document(values, json -> {
            json.writeBooleanField("StreamHadData", r.ran());
            json.writeNumberField("Statements", r.statements());
        }));
    }

    public void failed(Exception error, long millis) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String count : new String[] {POSTS_READ, USERS_INSERTED, USERS_UPDATED, TWEETS_INSERTED, TWEETS_UPDATED, REJECTED_ROWS, LOAD_ERROR_FILES}) {
            values.put(count, 0L);
        }
        values.put(DURATION, millis);
        values.put(FAILURES, 1L);
        out.println(document(values, json -> json.writeStringField("Error", RefreshFailedException.describe(error))));
    }

    private String document(Map<String, Long> values, EmfDocument.Members properties) {
        List<EmfDocument.Metric> declared = new ArrayList<>();
        for (String metric : values.keySet()) {
            declared.add(new EmfDocument.Metric(metric, metric.equals(DURATION) ? "Milliseconds" : "Count"));
        }
        return EmfDocument.line(clock.millis(), namespace, List.of(DIMENSION), declared, json -> {
            json.writeStringField(DIMENSION, functionName);
            for (Map.Entry<String, Long> v : values.entrySet()) {
                json.writeNumberField(v.getKey(), v.getValue());
            }
            properties.write(json);
        });
    }
}
