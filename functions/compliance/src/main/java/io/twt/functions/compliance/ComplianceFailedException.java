package io.twt.functions.compliance;

import java.sql.SQLException;

/**
 * Fails the invocation, so that Lambda retries it (and, after the last retry, sends the event to
 * the dead-letter queue), with one line saying why; never a credential.
 */
public final class ComplianceFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ComplianceFailedException(Exception cause) {
        super("compliance run failed; what was applied is committed, the rest waits for the retry: " + describe(cause), cause);
    }

    ComplianceFailedException(ComplianceService.KindRun pending) {
        super("X compliance job " + pending.jobId() + " (" + pending.kind().jobType() + ") is still in progress; the retry resumes it");
    }

    static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            return "SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode() + ": " + sql.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
