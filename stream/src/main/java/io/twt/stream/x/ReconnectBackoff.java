package io.twt.stream.x;

import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before reconnecting, per X's filtered-stream guidance: network errors back off
 * linearly from 250 ms by 250 ms up to 16 s; HTTP errors exponentially from 5 s up to 320 s; 429
 * exponentially from 60 s (up to 960 s), and never before the time in {@code x-rate-limit-reset}.
 * A connection that gets a 200 resets all three.
 */
final class ReconnectBackoff {

    private int networkFailures;
    private int httpFailures;
    private int rateLimits;

    Duration afterNetworkError() {
        networkFailures++;
        return Duration.ofMillis(Math.min(250L * networkFailures, 16_000));
    }

    Duration afterHttpError() {
        return Duration.ofSeconds(Math.min(5L << Math.min(httpFailures++, 10), 320));
    }

    /** {@code reset} is the header's epoch second, or null. */
    Duration afterRateLimit(Long reset, Instant now) {
        Duration wait = Duration.ofSeconds(Math.min(60L << Math.min(rateLimits++, 10), 960));
        if (reset != null) {
            Duration untilReset = Duration.between(now, Instant.ofEpochSecond(reset));
            if (untilReset.compareTo(wait) > 0) {
                wait = untilReset;
            }
        }
        return wait;
    }

    /** The {@code x-rate-limit-reset} header's epoch second, or null when it is not a number. */
    static Long epochSecond(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void connected() {
        networkFailures = 0;
        httpFailures = 0;
        rateLimits = 0;
    }
}
