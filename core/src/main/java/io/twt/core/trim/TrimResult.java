package io.twt.core.trim;

import io.twt.core.validate.Problem;
import java.nio.charset.StandardCharsets;

/**
 * What one input line turned into.
 *
 * @param kind what the line was
 * @param json the trimmed record as UTF-8 JSON without a line terminator (POST and NOTICE only)
 * @param control the control message's type, such as {@code limit}, {@code scrub_geo} or
 *     {@code operational-disconnect} (CONTROL only)
 * @param problem why the line was rejected (REJECTED only)
 */
public record TrimResult(Kind kind, byte[] json, String control, Problem problem) {

    public enum Kind {
        /** A post, trimmed to the flat record (or an already-trimmed record passed through). */
        POST,
        /**
         * A compliance notice (v1.1 delete, status_withheld, user_withheld), trimmed to its record
         * ({@link io.twt.core.record.ComplianceNotice}): delivered with the posts, but not a post.
         */
        NOTICE,
        /** A stream control message (limit, disconnect, v2 errors…): neither a post nor a notice. */
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

    static TrimResult notice(byte[] json) {
        return new TrimResult(Kind.NOTICE, json, null, null);
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
