package io.twt.local.cost;

/** What {@code twt cost} assumes where no price list or template says; each is printed with the line it affects. */
public final class Assumptions {

    private Assumptions() {
    }

    /** A month, for $/month. */
    public static final int DAYS_PER_MONTH = 30;
    /** Bytes of one post as the forwarder sends it (events/sample-stream.ndjson's posts are 0.9 KB at the median, a post with its expansions more). Option --post-bytes. */
    public static final int POST_BYTES = 2000;
    /** Seconds of XSMALL work per refresh run that has new rows. Option --task-seconds. */
    public static final int TASK_SECONDS = 10;
    /** Seconds from a validated/ object to its rows in twt_raw (Snowpipe's latency). */
    public static final int SNOWPIPE_LATENCY_SECONDS = 60;
    /** Cloud services credits a refresh uses, as a share of its compute credits. */
    public static final double CLOUD_SERVICES_SHARE_OF_COMPUTE = 0.10;
    /** Seconds one Validate invocation runs (one raw/ object). */
    public static final double VALIDATE_SECONDS = 2;
    /** Seconds a Refresh invocation spends besides the refresh itself (connect, stream check). */
    public static final double REFRESH_OVERHEAD_SECONDS = 2;
    /** How much gzip shrinks the JSON lines in raw/ and validated/. */
    public static final double GZIP_RATIO = 5;
    /** Bytes of CloudWatch log per Lambda invocation (start, end, report, metrics lines). */
    public static final int LOG_BYTES_PER_INVOCATION = 1500;
    /** Bytes of CloudWatch log the forwarder writes per minute (one metrics line). */
    public static final int FORWARDER_LOG_BYTES_PER_MINUTE = 1000;
    /** Custom metrics the functions and the forwarder publish (Refresh 9; Validate 5 and its quarantine reasons; the forwarder 5 and its reconnect causes). */
    public static final int CUSTOM_METRICS = 20;
}
