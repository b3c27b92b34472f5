package io.twt.stream.source;

import io.twt.core.trim.TrimResult;

/**
 * What a source hands each line it reads to. The forwarder's LineForwarder and {@code twt local}'s
 * pipeline both let core's {@code LineStage} decide the line's fate, then queue the record for
 * Firehose or buffer it locally. Sources use the answer only to act on control messages
 * (operational-disconnect) and to pace posts.
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
