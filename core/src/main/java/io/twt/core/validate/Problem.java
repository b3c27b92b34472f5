package io.twt.core.validate;

/**
 * Why a line or record was refused: a stable machine-readable {@code code}, the record field it
 * concerns (null when it concerns the whole line) and a message for people.
 */
public record Problem(String code, String field, String message) {

    // Line-level codes.
    public static final String NOT_JSON = "not_json";
    public static final String NOT_OBJECT = "not_object";
    public static final String BLANK_LINE = "blank_line";
    public static final String LINE_TOO_LONG = "line_too_long";
    public static final String INVALID_UTF8 = "invalid_utf8";
    /** The object itself could not be read (corrupt or truncated gzip, binary content). */
    public static final String UNREADABLE_OBJECT = "unreadable_object";

    // Field-level codes.
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_ID = "invalid_id";
    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    public static final String EMPTY_STRING = "empty_string";
    public static final String NOT_STRING = "not_string";
    public static final String INVALID_COUNT = "invalid_count";
    public static final String INVALID_BOOLEAN = "invalid_boolean";

    // Codes that only trimming of X payloads produces.
    public static final String UNRECOGNISED = "unrecognised_payload";
    public static final String NO_ID = "no_id";
    public static final String NO_AUTHOR = "no_author";

    public static Problem of(String code, String field, String message) {
        return new Problem(code, field, message);
    }

    @Override
    public String toString() {
        return field == null ? code + ": " + message : code + " (" + field + "): " + message;
    }
}
