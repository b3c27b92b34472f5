package io.twt.functions.compliance;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.twt.functions.compliance.ComplianceService.KindRun;
import io.twt.functions.compliance.ComplianceService.Run;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The Compliance Lambda, run daily by a schedule (see {@link ComplianceService}): logs one summary
 * line and one metrics line, and returns the summary. The jobs are named for the UTC day of the
 * event's scheduled time, so Lambda's retries of a failed attempt, one minute and then two minutes
 * later (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html), resume
 * the same jobs. A run whose job X has not finished in time fails with
 * {@link ComplianceFailedException} for that reason: the retry picks the job up.
 */
public final class ComplianceHandler implements RequestHandler<ScheduledEvent, String> {

    /** Without a context (a test, sam local invoke without a timeout): Lambda's largest timeout. */
    static final Duration NO_CONTEXT_TIME = Duration.ofMinutes(15);

    private final ComplianceService service;
    private final ComplianceMetrics metrics;
    private final Clock clock;
    private final PrintStream log;

    /** Used by Lambda: the service is built once per execution environment. */
    public ComplianceHandler() {
        this(Dependencies.service(), Dependencies.metrics(), Clock.systemUTC(), System.out);
    }

    ComplianceHandler(ComplianceService service, ComplianceMetrics metrics, Clock clock, PrintStream log) {
        this.service = service;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Instant scheduled = event != null && event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : clock.instant();
        LocalDate day = LocalDate.ofInstant(scheduled, ZoneOffset.UTC);
        Duration timeLeft = context == null ? NO_CONTEXT_TIME : Duration.ofMillis(context.getRemainingTimeInMillis());
        long started = System.nanoTime();
        Run run;
        try {
            run = service.run(day, timeLeft);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            metrics.failed(e, (System.nanoTime() - started) / 1_000_000);
            throw new ComplianceFailedException(e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        metrics.ran(run, millis);
        String summary = summary(day, run, millis);
        log.println(summary);
        if (run.pending() != null) {
            throw new ComplianceFailedException(run.pending());
        }
        return summary;
    }

    static String summary(LocalDate day, Run run, long millis) {
        List<String> parts = new ArrayList<>();
        for (KindRun k : run.kinds()) {
            String what = k.kind().jobType();
            if (k.idsChecked() == 0) {
                parts.add(what + ": none stored");
            } else if (!k.complete()) {
                parts.add(what + ": " + k.idsChecked() + " ids in X job " + k.jobId() + ", still in progress");
            } else {
                parts.add(what + ": " + k.idsChecked() + " ids checked in X job " + k.jobId() + ", " + k.result().events().size()
                        + " with an event, " + k.result().problems().size() + " unreadable result lines; removed " + k.applied().removed()
                        + ", " + k.applied().logged() + " logged");
            }
        }
        return "compliance " + day + ": " + run.rawPruned() + " rows of twt_raw (" + run.rejectedPruned()
                + " rejected) past the horizon pruned; " + String.join("; ", parts) + " (" + millis + " ms)";
    }
}
