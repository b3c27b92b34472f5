package io.twt.core.line;

import io.twt.core.trim.TrimResult;
import io.twt.core.validate.Problem;
import java.util.Arrays;

/**
 * What {@link LineStage} decided for one line.
 *
 * @param fate what becomes of the line
 * @param trim what trimming made of it; null for a line cut at the line limit, which is not
 *     trimmed. A post rejected as {@link LineStage#RECORD_TOO_LARGE} keeps its POST result here.
 * @param problem why the line is rejected (REJECTED only)
 */
public record LineOutcome(Fate fate, TrimResult trim, Problem problem) {

    public enum Fate {
        /** A post to deliver: {@link #record()}. */
        POST,
        /** A compliance notice to deliver with the posts: {@link #record()}. */
        NOTICE,
        /** A stream control message: {@link TrimResult#control()}. */
        CONTROL,
        /** A blank line, the stream's keep-alive. */
        KEEPALIVE,
        /** Not delivered: {@link #problem()} says why. */
        REJECTED
    }

    static LineOutcome rejected(TrimResult trim, Problem problem) {
        return new LineOutcome(Fate.REJECTED, trim, problem);
    }

    /** The record as delivered: the trimmed JSON and a newline (POST and NOTICE only). */
    public byte[] record() {
        if (fate != Fate.POST && fate != Fate.NOTICE) {
            throw new IllegalStateException("a " + fate + " line has no record");
        }
        byte[] json = trim.json();
        byte[] record = Arrays.copyOf(json, json.length + 1);
        record[json.length] = '\n';
        return record;
    }
}
