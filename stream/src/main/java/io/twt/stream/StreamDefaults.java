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

    private StreamDefaults() {
    }
}
