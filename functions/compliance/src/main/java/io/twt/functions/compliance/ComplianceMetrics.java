package io.twt.functions.compliance;

import io.twt.core.compliance.ComplianceKind;
import io.twt.core.metrics.EmfWriter;
import io.twt.core.metrics.EmfWriter.Metric;
import io.twt.functions.compliance.ComplianceService.KindRun;
import java.util.List;
import java.util.Map;

/**
 * The Compliance function's metrics, one embedded-metric-format line per run under the
 * {@code FunctionName} dimension; every run reports all of them:
 * {@value #POSTS_CHECKED} and {@value #USERS_CHECKED} (ids sent to X), {@value #EVENTS} (result
 * lines with an event), {@value #ROWS_REMOVED} (rows deleted, all tables), {@value #ROWS_PRUNED}
 * (rows of twt_raw and twt_raw_rejected past the storage horizon), {@value #PENDING} (1
 * when X had not finished a job in time), {@value #DURATION} and {@value #FAILURES}.
 */
public final class ComplianceMetrics {

    static final String POSTS_CHECKED = "PostsChecked";
    static final String USERS_CHECKED = "UsersChecked";
    static final String EVENTS = "ComplianceEvents";
    static final String ROWS_REMOVED = "RowsRemoved";
    static final String ROWS_PRUNED = "RawRowsPruned";
    static final String PENDING = "JobsPending";
    static final String DURATION = "ComplianceDuration";
    static final String FAILURES = "ComplianceFailures";

    private final EmfWriter emf;

    public ComplianceMetrics(EmfWriter emf) {
        this.emf = emf;
    }

    public void ran(ComplianceService.Run run, long millis) {
        long events = 0;
        long removed = 0;
        for (KindRun k : run.kinds()) {
            if (k.result() != null) {
                events += k.result().events().size();
                removed += k.applied().removed().values().stream().mapToLong(Long::longValue).sum();
            }
        }
        emf.write(Map.of(), List.of(Metric.count(POSTS_CHECKED, checked(run, ComplianceKind.TWEETS)),
                Metric.count(USERS_CHECKED, checked(run, ComplianceKind.USERS)), Metric.count(EVENTS, events),
                Metric.count(ROWS_REMOVED, removed), Metric.count(ROWS_PRUNED, run.rawPruned() + run.rejectedPruned()),
                Metric.count(PENDING, run.pending() == null ? 0 : 1),
                duration(millis), Metric.count(FAILURES, 0)), json -> { });
    }

    public void failed(Exception error, long millis) {
        emf.write(Map.of(), List.of(Metric.count(POSTS_CHECKED, 0), Metric.count(USERS_CHECKED, 0), Metric.count(EVENTS, 0),
                Metric.count(ROWS_REMOVED, 0), Metric.count(ROWS_PRUNED, 0), Metric.count(PENDING, 0), duration(millis),
                Metric.count(FAILURES, 1)),
                json -> json.writeStringField("Error", ComplianceFailedException.describe(error)));
    }

    private static long checked(ComplianceService.Run run, ComplianceKind kind) {
        return run.kinds().stream().filter(k -> k.kind() == kind).mapToLong(KindRun::idsChecked).sum();
    }

    private static Metric duration(long millis) {
        return new Metric(DURATION, "Milliseconds", millis);
    }
}
