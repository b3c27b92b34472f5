package io.twt.core.compliance;

import java.time.Instant;

/**
 * One line of a batch compliance result: the post or user {@code id}, the required {@code action}
 * (X documents only {@code delete}), the {@code reason}, the post's or user's creation time and
 * when X redacted it (either may be absent: not every event has {@code redacted_at}).
 *
 * @param lineNumber the line's 1-based number in its result file
 */
public record ComplianceEvent(long lineNumber, String id, String action, String reason, Instant createdAt, Instant redactedAt) {
}
