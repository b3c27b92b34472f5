package io.twt.forwarder.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with full jitter: before retry {@code n} (0-based) wait a uniformly random
 * time between 0 and {@code min(maxDelay, baseDelay × 2^n)}, so that many senders throttled at
 * once do not retry in step.
 *
 * @param maxRetries how many times a failed call or entry is resent before it is dead-lettered
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

    public Duration delay(int retry, DoubleSupplier random) {
        long ceiling = baseDelay.toMillis() << Math.min(retry, 30);
        if (ceiling <= 0 || ceiling > maxDelay.toMillis()) {
            ceiling = maxDelay.toMillis();
        }
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }
}
