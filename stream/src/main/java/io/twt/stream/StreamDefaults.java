package io.twt.stream;

import java.time.Duration;

/** The defaults the forwarder and {@code twt local} share for following X: one place for each. */
public final class StreamDefaults {

    /** The v2 filtered-stream rule synced (tag twt) when none is given. */
    public static final String DEFAULT_RULE = "$UOS OR $ATOM OR $ENJ OR $COTI OR $SAND";
    /** The v1.1 track terms, comma-separated, when none are given. */
    public static final String DEFAULT_TRACK = "$UOS,$ATOM,$ENJ,$COTI,$SAND";
    public static final String STREAM_BASE_URL = "https://api.x.com";
    public static final String V1_STREAM_BASE_URL = "https://stream.twitter.com/1.1/";
    /** Reconnect the v2 stream when no byte, not even a keep-alive, arrives for this long (X sends one every 20 s). */
    public static final String STALL_TIMEOUT = "20s";
    /** How long the v2 source's HTTP client waits for a connection to X. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Posts read from X in a UTC calendar month before the source disconnects until the next one:
     * the lower of X's two documented pay-per-use caps, 2 million on
     * https://docs.x.com/x-api/usage/introduction (the pricing page says 3 million).
     */
    public static final long MONTHLY_POST_CAP = 2_000_000;
    /**
     * Posts read in a UTC day: the monthly cap over 31 days, rounded down (64,516), so that even a
     * 31-day month at the daily cap every day stays within the monthly cap.
     */
    public static final long DAILY_POST_CAP = MONTHLY_POST_CAP / 31;
    /** What X charges per post read on pay-per-use: https://docs.x.com/x-api/getting-started/pricing. */
    public static final double USD_PER_POST = 0.005;
    /** The post budget's state file: the forwarder's beside its dead-letter file, twt local's in its workdir. */
    public static final String POST_BUDGET_FILE = "x-post-budget.json";
    /** How long the start waits at most for X's usage endpoint before going on without it. */
    public static final Duration USAGE_TIMEOUT = Duration.ofSeconds(5);

    private StreamDefaults() {
    }
}
