package io.twt.core.sql;

import java.util.Locale;

/**
 * The Snowflake statements on the serverless refresh task ({@link SqlCatalogue#REFRESH_TASK}) that
 * both Bootstrap, which keeps the task, and the Refresh function, which runs it, send. Neither
 * needs a running warehouse: SHOW commands are metadata operations of the cloud services layer,
 * and EXECUTE TASK only asks Snowflake to start a run, on the task's own (serverless) compute.
 */
public final class RefreshTask {

    /** At most one row, with columns including {@code name}, {@code state} and {@code comment} (https://docs.snowflake.com/en/sql-reference/sql/show-tasks). */
    public static final String SHOW = "SHOW TASKS LIKE '" + SqlCatalogue.REFRESH_TASK.toUpperCase(Locale.ROOT) + "' IN SCHEMA";

    /**
     * One asynchronous run, which returns at once. A suspended task runs without being resumed; a
     * requested run replaces a pending one, and one requested while a run executes starts after it
     * (https://docs.snowflake.com/en/sql-reference/sql/execute-task). Needs OWNERSHIP or OPERATE on the task.
     */
    public static final String EXECUTE = "EXECUTE TASK " + SqlCatalogue.REFRESH_TASK;

    private RefreshTask() {
    }
}
