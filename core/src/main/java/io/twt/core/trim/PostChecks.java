package io.twt.core.trim;

import io.twt.core.record.Timestamps;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The checks both post formats make before building a record: never emit a record the rules refuse. */
final class PostChecks {

    private PostChecks() {
    }

    static void requireId(String id, String field) {
        if (id == null) {
            throw new BadValue(Problem.of(Problem.NO_ID, field, "the post has no id"));
        }
        if (!RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, "the post id is not 1 to 19 digits"));
        }
    }

    /** The record's user_id must be 1 to 19 digits when present. */
    static void requireUserId(String id, String field) {
        if (id != null && !RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, "the author's id is not 1 to 19 digits"));
        }
    }

    /** An edited post's original id must be 1 to 19 digits. */
    static void requireOriginalId(String id, String field) {
        if (!RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, "the id of the post's first version is not 1 to 19 digits"));
        }
    }

    static void requireScreenName(Author u, String field) {
        if (u.screenName == null || u.screenName.isBlank()) {
            throw new BadValue(Problem.of(Problem.NO_AUTHOR, field, "the author has no screen name"));
        }
    }

    static Instant parseIsoTime(String value, String field) {
        if (value == null) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, field, "the post has no created_at"));
        }
        try {
            return Timestamps.parseIso(value);
        } catch (DateTimeParseException e) {
            throw new BadValue(Problem.of(Problem.INVALID_TIMESTAMP, field, "created_at '" + truncate(value) + "' is not a date-time"));
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String verifiedTypeOf(Author u) {
        return u.verifiedType != null ? u.verifiedType : "none";
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
