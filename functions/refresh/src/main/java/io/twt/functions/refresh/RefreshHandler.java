package io.twt.functions.refresh;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.SqlCatalogue;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The Refresh Lambda, run by a schedule: merges the stream's new rows into twt_user and twt_tweet
 * (see {@link RefreshService}), on the warehouse or, in {@link RefreshCompute#SERVERLESS} mode, by
 * running the serverless refresh task; logs one summary line and one metrics line, and returns the
 * summary. Nothing in the event is needed; its id and time, when present, are logged to tie the run
 * to the schedule. A failure fails the invocation with {@link RefreshFailedException}, after the
 * metrics line has reported it.
 */
public final class RefreshHandler implements RequestHandler<ScheduledEvent, String> {

    private final RefreshService service;
    private final RefreshCompute compute;
    private final RefreshMetrics metrics;
    private final PrintStream log;

    /** Used by Lambda: the connection source and service are built once per execution environment. */
    public RefreshHandler() {
        this(Dependencies.refreshService(), Dependencies.compute(), Dependencies.metrics(), System.out);
    }

    RefreshHandler(RefreshService service, RefreshCompute compute, RefreshMetrics metrics, PrintStream log) {
        this.service = service;
        this.compute = compute;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        if (event != null && event.getId() != null) {
            log.println("refresh: scheduled event " + event.getId() + (event.getTime() == null ? "" : " for " + Instant.ofEpochMilli(event.getTime().getMillis())));
        }
        Duration timeLeft = context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis());
        long started = System.nanoTime();
        String summary;
        try {
            if (compute == RefreshCompute.SERVERLESS) {
                TaskRun run = service.trigger(timeLeft);
                metrics.triggered(run);
                summary = summary(run);
            } else {
                RefreshResult result = service.refresh(timeLeft);
                metrics.refreshed(result);
                summary = summary(result);
            }
        } catch (Exception e) {
            metrics.failed(compute, e, (System.nanoTime() - started) / 1_000_000);
            throw new RefreshFailedException(compute, e);
        }
        log.println(summary);
        return summary;
    }

    static String summary(TaskRun r) {
        String task = SqlCatalogue.REFRESH_TASK + " (" + r.taskState() + ")";
        if (!r.executed()) {
            return "refresh: the stream holds nothing new; " + task + " not executed (" + r.statements() + " statements, " + r.millis() + " ms)";
        }
        return "refresh: the stream has new rows; executed " + task + " on serverless compute, which merges them in one transaction ("
                + r.statements() + " statements, " + r.millis() + " ms)";
    }

    static String summary(RefreshResult r) {
        if (!r.ran()) {
            return "refresh: the stream holds nothing new; no DML run (" + r.statements() + " statement, " + r.millis() + " ms)";
        }
        return "refresh: " + r.batchRows() + " posts read; twt_user " + r.users().inserted() + " inserted, " + r.users().updated()
                + " updated; twt_tweet " + r.tweets().inserted() + " inserted, " + r.tweets().updated() + " updated; "
                + r.rejectedRows() + " rows rejected; " + r.loadErrorFiles() + " files loaded with errors; "
                + r.complianceLines() + " compliance lines applied; committed in "
                + r.millis() + " ms (" + r.statements() + " statements)";
    }
}
