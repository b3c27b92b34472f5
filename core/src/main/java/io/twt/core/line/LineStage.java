package io.twt.core.line;

import io.twt.core.record.RecordJson;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.Problem;

/**
 * One raw line's fate, the same in the forwarder and in {@code twt local}: trimmed, then a post,
 * a compliance notice (delivered like a post; a few dozen bytes), a control message, a keep-alive,
 * or rejected with its reason. A line cut at the line limit is
 * rejected before trimming; a post whose record (with its newline) is over what Firehose takes is
 * rejected after it. Not thread-safe: one stage per reading thread, like its {@link Trimmer}.
 */
public final class LineStage {

    /** Lines longer than this are cut by the reader and rejected here (an X post is a few KB). */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    /** A post whose delivered record would be over {@link RecordJson#MAX_DELIVERED_BYTES}. */
    public static final String RECORD_TOO_LARGE = "record_too_large";

    private final Trimmer trimmer;

    public LineStage(Trimmer trimmer) {
        this.trimmer = trimmer;
    }

    /** The fate of {@code len} bytes of {@code buf}; {@code truncated} when the reader cut the line at {@link #MAX_LINE_BYTES}. */
    public LineOutcome decide(byte[] buf, int len, boolean truncated) {
        if (truncated) {
            return LineOutcome.rejected(null, Problem.of(Problem.LINE_TOO_LONG, null,
                    "the line is longer than " + MAX_LINE_BYTES + " bytes"));
        }
        TrimResult trim = trimmer.trim(buf, 0, len);
        return switch (trim.kind()) {
            case POST -> {
                int delivered = trim.json().length + 1;
                yield delivered > RecordJson.MAX_DELIVERED_BYTES
                        ? LineOutcome.rejected(trim, Problem.of(RECORD_TOO_LARGE, null, "the record is " + delivered
                                + " bytes with its newline, over Firehose's " + RecordJson.MAX_DELIVERED_BYTES + "-byte limit"))
                        : new LineOutcome(LineOutcome.Fate.POST, trim, null);
            }
            case NOTICE -> new LineOutcome(LineOutcome.Fate.NOTICE, trim, null);
            case CONTROL -> new LineOutcome(LineOutcome.Fate.CONTROL, trim, null);
            case KEEPALIVE -> new LineOutcome(LineOutcome.Fate.KEEPALIVE, trim, null);
            case REJECTED -> LineOutcome.rejected(trim, trim.problem());
        };
    }
}
