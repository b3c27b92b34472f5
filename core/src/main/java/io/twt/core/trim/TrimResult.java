package io.twt.core.trim;

import io.twt.core.validate.Problem;
import java.nio.charset.StandardCharsets;

/**
 * What one input line turned into.
 *
 * @param kind what the line was
 * @param json the trimmed record as UTF-8 JSON without a line terminator (POST only)
 * @param control the control message's type, such as {@code delete}, {@code limit} or
 *     {@code operational-disconnect} (CONTROL only)
 * @param problem why the line was rejected (REJECTED only)
 */
public record TrimResult(Kind kind, byte[] json, String control, Problem problem) {

    public enum Kind {
        /** A post, trimmed to the flat record (or an already-trimmed record passed through). */
        POST,
        /** A stream control message (delete, limit, disconnect, v2 errors…): not a post. */
        CONTROL,
        /** A blank line: the stream's keep-alive. */
        KEEPALIVE,
        /** Not usable: see {@link #problem()}. */
        REJECTED
    }

    static final TrimResult KEEPALIVE_RESULT = new TrimResult(Kind.KEEPALIVE, null, null, null);

    static TrimResult post(byte[] json) {
        return new TrimResult(Kind.POST, json, null, null);
    }

    static TrimResult control(String type) {
        return new TrimResult(Kind.CONTROL, null, type, null);
    }

    static TrimResult rejected(Problem problem) {
        return new TrimResult(Kind.REJECTED, null, null, problem);
    }

    public String jsonString() {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }
}
