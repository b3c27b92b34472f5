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
    /** Not UTF-8: a malformed or overlong sequence, an encoded surrogate, UTF-16 or UTF-32 text. */
    public static final String INVALID_UTF8 = "invalid_utf8";
    /** A raw control byte other than tab or CR between tokens, or a {@code \u0000} escape. */
    public static final String CONTROL_CHARACTER = "control_character";
    /** A byte order mark at the start of a line other than the object's first. */
    public static final String BYTE_ORDER_MARK = "byte_order_mark";
    /** Half of a UTF-16 surrogate pair written as an escape without its other half. */
    public static final String UNPAIRED_SURROGATE = "unpaired_surrogate";
    /** An object with the same key twice (Snowflake's JSON format refuses it: ALLOW_DUPLICATE = FALSE). */
    public static final String DUPLICATE_KEY = "duplicate_key";
    /** Objects and arrays nested deeper than {@link RecordValidator#MAX_DEPTH}. */
    public static final String TOO_DEEP = "too_deep";
    /** A number that is neither a NUMBER(38) nor a finite double. */
    public static final String NUMBER_OUT_OF_RANGE = "number_out_of_range";
    /** The object itself could not be read to its end (corrupt or truncated gzip, or bytes after it that are not gzip). */
    public static final String UNREADABLE_OBJECT = "unreadable_object";

    // Field-level codes.
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_ID = "invalid_id";
    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    public static final String EMPTY_STRING = "empty_string";
    public static final String NOT_STRING = "not_string";
    public static final String INVALID_COUNT = "invalid_count";
    public static final String INVALID_BOOLEAN = "invalid_boolean";
    /** An entity key (cashtags, hashtags, mentions, urls, matching_rules) that is not an array of short non-empty strings. */
    public static final String INVALID_ENTITIES = "invalid_entities";
    /**
     * A record with a {@code notice} key that is no compliance notice twt knows: a type other than
     * those of {@link io.twt.core.record.ComplianceNotice}, or a notice that also has a post's screenname.
     */
    public static final String INVALID_NOTICE = "invalid_notice";

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
