package io.twt.functions.refresh;

/**
 * What one serverless-mode invocation did ({@link RefreshService#trigger}): it checked the stream
 * and, when there was something new, asked Snowflake to run the refresh task. The task's own run
 * (and its row counts) happens afterwards, on Snowflake's serverless compute; its errors go to the
 * task's error integration.
 *
 * @param streamHadData whether the stream check found something new
 * @param executed      whether EXECUTE TASK was sent (exactly when the stream had data)
 * @param taskState     the task's {@code state} as SHOW TASKS gave it before the run, e.g. {@code suspended}
 * @param statements    statements sent to Snowflake
 * @param millis        wall time
 */
public record TaskRun(boolean streamHadData, boolean executed, String taskState, int statements, long millis) {
}
