package io.twt.local.cost;

/**
 * What a default deployment is, as template.yaml and sql/admin/setup.sql set it up; template-tests
 * (CostDefaultsTest) fails when they and these disagree.
 */
public final class TemplateDefaults {

    private TemplateDefaults() {
    }

    /** Parameter RefreshSchedule. */
    public static final String REFRESH_SCHEDULE = "rate(2 minutes)";
    /** Parameter FirehoseBufferIntervalSeconds. */
    public static final int BUFFER_INTERVAL_SECONDS = 60;
    /** Parameter FirehoseBufferSizeMiB. */
    public static final int BUFFER_SIZE_MIB = 5;
    /** Parameter ForwarderInstanceType. */
    public static final String FORWARDER_INSTANCE_TYPE = "t4g.nano";
    /** The forwarder's root volume (gp3), GiB. */
    public static final int FORWARDER_VOLUME_GIB = 8;
    /** ValidateFunction's MemorySize, MB. */
    public static final int VALIDATE_MEMORY_MB = 1769;
    /** RefreshFunction's MemorySize (Globals), MB. */
    public static final int REFRESH_MEMORY_MB = 1024;
    /** Parameter RawRetentionDays: days raw/ objects are kept. */
    public static final int RAW_RETENTION_DAYS = 30;
    /** Parameter ValidatedRetentionDays: days validated/ objects are kept. */
    public static final int VALIDATED_RETENTION_DAYS = 30;
    /** Parameter LogRetentionDays. */
    public static final int LOG_RETENTION_DAYS = 30;
    /** Metrics watched by the template's alarms (CloudWatch bills alarms per metric). */
    public static final int ALARM_METRICS = 16;
    /** Secrets the stack reads: Snowflake's and X's. */
    public static final int SECRETS = 2;
    /** TWT_WH's AUTO_SUSPEND, seconds (sql/admin/setup.sql). */
    public static final int WAREHOUSE_AUTO_SUSPEND_SECONDS = 60;
}
