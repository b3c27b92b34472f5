package io.twt.functions.compliance;

import io.twt.core.compliance.ComplianceApplier;
import io.twt.core.compliance.ComplianceKind;
import io.twt.core.compliance.ComplianceResult;
import io.twt.core.compliance.ComplianceResultReader;
import io.twt.core.sql.ComplianceSql;
import io.twt.core.sql.ConnectionSource;
import io.twt.stream.x.XComplianceJobs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One compliance run: first the rows of twt_raw loaded before the storage horizon are pruned, then, for posts and users, the ids twt holds go to an X batch compliance job
 * named for the run's day, and its result is applied to the warehouse in one transaction
 * ({@link ComplianceApplier}: removed from every table, each line logged in twt_compliance_log).
 * The job is found again by its name, so a run that ends before X finishes (see
 * {@link Run#pending()}) is resumed by the next attempt of the same day instead of starting over;
 * users wait until the posts' job is done, as X runs one job at a time.
 */
public final class ComplianceService {

    /** Kept back from the invocation's time for the download and the apply. */
    static final Duration APPLY_MARGIN = Duration.ofSeconds(90);

    /** What one kind came to: no ids, a job still under way, or a job applied. */
    public record KindRun(ComplianceKind kind, int idsChecked, String jobId, boolean complete, ComplianceResult result,
            ComplianceApplier.Outcome applied) {}

    /** The run: the rows it pruned (twt_raw's, twt_raw_rejected's), and a kind per job it got to, in order. */
    public record Run(long rawPruned, long rejectedPruned, List<KindRun> kinds) {
        /** The kind whose job X had not finished when the run's time was up, or null. */
        public KindRun pending() {
            return kinds.stream().filter(k -> !k.complete()).findFirst().orElse(null);
        }
    }

    private final ConnectionSource connections;
    private final XComplianceJobs jobs;
    private final ComplianceApplier applier;
    private final ComplianceSql sql;
    private final String jobPrefix;
    private final Duration horizon;
    private final Clock clock;

    /**
     * @param jobPrefix starts every job name, so that two stacks on one X app do not pick up each
     *                  other's jobs
     * @param horizon   how long a row of twt_raw (and twt_raw_rejected) is kept after its load
     */
    public ComplianceService(ConnectionSource connections, XComplianceJobs jobs, ComplianceSql sql, ComplianceApplier applier,
            String jobPrefix, Duration horizon, Clock clock) {
        this.connections = connections;
        this.jobs = jobs;
        this.sql = sql;
        this.applier = applier;
        this.jobPrefix = jobPrefix;
        this.horizon = horizon;
        this.clock = clock;
    }

    /**
     * @param day      names the jobs: each attempt on one day resumes the same jobs
     * @param timeLeft how long the invocation may still run
     */
    public Run run(LocalDate day, Duration timeLeft) throws IOException, InterruptedException, SQLException {
        Instant deadline = clock.instant().plus(timeLeft.minus(APPLY_MARGIN));
        long[] pruned = prune(clock.instant().minus(horizon));
        List<KindRun> kinds = new ArrayList<>();
        for (ComplianceKind kind : List.of(ComplianceKind.TWEETS, ComplianceKind.USERS)) {
            List<String> ids = storedIds(kind);
            if (ids.isEmpty()) {
                kinds.add(new KindRun(kind, 0, null, true, null, null));
                continue;
            }
            XComplianceJobs.Outcome job = jobs.run(kind, jobName(kind, day), ids, deadline);
            if (!job.complete()) {
                kinds.add(new KindRun(kind, ids.size(), job.job().id(), false, null, null));
                break;
            }
            ComplianceResult result = new ComplianceResultReader(kind).read("x-compliance-job-" + job.job().id(),
                    new ByteArrayInputStream(String.join("\n", job.resultLines()).getBytes(StandardCharsets.UTF_8)));
            kinds.add(new KindRun(kind, ids.size(), job.job().id(), true, result, applier.apply(connections.connection(), result)));
        }
        return new Run(pruned[1], pruned[0], List.copyOf(kinds));
    }

    /** Deletes the rows loaded before {@code cutoff}: the counts of twt_raw_rejected's, then twt_raw's. */
    private long[] prune(Instant cutoff) throws SQLException {
        List<String> deletes = sql.pruneLoadedBefore();
        long[] counts = new long[deletes.size()];
        for (int i = 0; i < deletes.size(); i++) {
            try (PreparedStatement s = connections.connection().prepareStatement(deletes.get(i))) {
                s.setTimestamp(1, Timestamp.from(cutoff));
                counts[i] = s.executeUpdate();
            }
        }
        return counts;
    }

    /** {@code PREFIX-tweets-2026-03-14}: at most 64 characters, X's limit. */
    String jobName(ComplianceKind kind, LocalDate day) {
        return jobPrefix + "-" + kind.jobType() + "-" + day;
    }

    private List<String> storedIds(ComplianceKind kind) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = connections.connection().createStatement();
                ResultSet rows = s.executeQuery(sql.storedIds(kind == ComplianceKind.TWEETS))) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
