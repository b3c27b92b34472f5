package io.twt.stream.source;

import io.twt.core.trim.TrimResult;

/**
 * What a source hands each line it reads to. The forwarder's {@link LineForwarder} trims the line
 * and queues the record for Firehose; {@code twt local} trims it into its local pipeline. Sources
 * use the answer only to act on control messages (operational-disconnect) and to pace posts.
 */
@FunctionalInterface
public interface LineConsumer {

    /**
     * Handles line {@code line} of {@code source} (the two only name the line in logs) and returns
     * what it was, or null when it was not trimmed: longer than the line limit ({@code truncated}),
     * or refused because the consumer takes no more lines.
     */
    TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) throws InterruptedException;
}
