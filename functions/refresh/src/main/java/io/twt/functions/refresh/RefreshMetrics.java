package io.twt.functions.refresh;

import io.twt.core.metrics.EmfWriter;
import io.twt.core.metrics.EmfWriter.Metric;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.RefreshResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Refresh function's metrics: one embedded-metric-format line per run (see {@link EmfWriter}),
 * under the {@code FunctionName} dimension alone. Every run, empty or
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
 *   <li>{@value #COMPLIANCE_LINES}: compliance lines the refresh applied (the stream's delete and
 *       withheld notices, and posts that arrived after a line had removed them), each logged in
 *       twt_compliance_log;</li>
 *   <li>{@value #DURATION} in milliseconds;</li>
 *   <li>{@value #FAILURES}: 1 for a failed run, else 0.</li>
 * </ul>
 *
 * Properties (searchable in Logs Insights, not metrics): {@code StreamHadData}, {@code Statements},
 * and {@code Error} for a failed run.
 *
 * <p>In serverless mode the function does not run the merges, so it cannot count rows: each run
 * reports {@value #TASK_EXECUTED} (1 when it ran EXECUTE TASK, else 0), {@value #DURATION} and
 * {@value #FAILURES}, with the properties {@code StreamHadData}, {@code TaskState} (SHOW TASKS'
 * state), {@code Statements} and {@code Error}. The task's own errors reach the stack through its
 * error integration; its row counts are in Snowflake's task history.
 */
public final class RefreshMetrics {

    static final String DIMENSION = EmfWriter.FUNCTION_NAME;
    static final String POSTS_READ = "PostsRead";
    static final String USERS_INSERTED = "UsersInserted";
    static final String USERS_UPDATED = "UsersUpdated";
    static final String TWEETS_INSERTED = "TweetsInserted";
    static final String TWEETS_UPDATED = "TweetsUpdated";
    static final String REJECTED_ROWS = "RejectedRows";
    static final String LOAD_ERROR_FILES = "LoadErrorFiles";
    static final String COMPLIANCE_LINES = "ComplianceLines";
    static final String DURATION = "RefreshDuration";
    static final String FAILURES = "RefreshFailures";
    static final String TASK_EXECUTED = "TaskExecuted";

    private final EmfWriter emf;

    public RefreshMetrics(EmfWriter emf) {
        this.emf = emf;
    }

    public void refreshed(RefreshResult r) {
        emf.write(Map.of(), List.of(Metric.count(POSTS_READ, r.batchRows()),
                Metric.count(USERS_INSERTED, r.users().inserted()), Metric.count(USERS_UPDATED, r.users().updated()),
                Metric.count(TWEETS_INSERTED, r.tweets().inserted()), Metric.count(TWEETS_UPDATED, r.tweets().updated()),
                Metric.count(REJECTED_ROWS, r.rejectedRows()), Metric.count(LOAD_ERROR_FILES, r.loadErrorFiles()),
                Metric.count(COMPLIANCE_LINES, r.complianceLines()), duration(r.millis()), Metric.count(FAILURES, 0)), json -> {
                    json.writeBooleanField("StreamHadData", r.ran());
                    json.writeNumberField("Statements", r.statements());
                });
    }

    public void triggered(TaskRun r) {
        emf.write(Map.of(), List.of(Metric.count(TASK_EXECUTED, r.executed() ? 1 : 0), duration(r.millis()), Metric.count(FAILURES, 0)),
                json -> {
                    json.writeBooleanField("StreamHadData", r.streamHadData());
                    json.writeStringField("TaskState", r.taskState());
                    json.writeNumberField("Statements", r.statements());
                });
    }

    /** A failed run: zero for the counts of its mode, so sums stay meaningful, and 1 failure. */
    public void failed(RefreshCompute compute, Exception error, long millis) {
        List<Metric> metrics = new ArrayList<>();
        List<String> counts = compute == RefreshCompute.SERVERLESS ? List.of(TASK_EXECUTED)
                : List.of(POSTS_READ, USERS_INSERTED, USERS_UPDATED, TWEETS_INSERTED, TWEETS_UPDATED, REJECTED_ROWS, LOAD_ERROR_FILES,
                        COMPLIANCE_LINES);
        for (String count : counts) {
            metrics.add(Metric.count(count, 0));
        }
        metrics.add(duration(millis));
        metrics.add(Metric.count(FAILURES, 1));
        emf.write(Map.of(), metrics, json -> json.writeStringField("Error", RefreshFailedException.describe(error)));
    }

    private static Metric duration(long millis) {
        return new Metric(DURATION, "Milliseconds", millis);
    }
}
