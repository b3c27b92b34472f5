package io.twt.core.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordField;
import io.twt.core.record.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The record rules, applied to one line of NDJSON with a single streaming pass (no tree is built).
 *
 * <p>A record is valid when it is a JSON object; {@code id} is 1–19 digits; {@code created_at} is an
 * ISO-8601 date-time with an offset; {@code screenname} is a non-empty string; {@code username},
 * {@code text} and {@code verified_type} are strings; every counter is an integer ≥ 0;
 * {@code verified} is a boolean or "true"/"false"; {@code user_id} and {@code original_id}, when present and
 * not null, are 1–19 digits; each {@link EntityField} key ({@code cashtags}, {@code hashtags}, {@code mentions},
 * {@code urls}, {@code matching_rules}), when present, is an array of strings of 1 to
 * {@link EntityField#MAX_VALUE_LENGTH} characters. Other keys of any name are allowed, with any value.
 *
 * <p>A record with a non-null {@code notice} key is a {@link ComplianceNotice} instead: its type is
 * one twt knows; it has {@code user_id} (not null) and, when it names a post, {@code id}; it has no
 * {@code screenname}; the other fields, when present, follow the rules above.
 *
 * <p>The whole line must also be JSON that every engine on the record's way reads the same: the
 * byte rules of {@link LineBytes} (UTF-8 only, no control bytes, no byte order mark, no unpaired
 * surrogate escape); standard JSON only (no comments, single quotes, trailing commas, NaN or
 * leading zeros: Jackson's defaults); no key twice in any object, because Snowflake's JSON format
 * defaults to {@code ALLOW_DUPLICATE = FALSE} and refuses the row
 * (https://docs.snowflake.com/en/sql-reference/sql/create-file-format) while DuckDB keeps the first
 * value; no nesting deeper than {@link #MAX_DEPTH}; and no number that Snowflake can store neither
 * as a NUMBER(38) nor as a finite double (PARSE_JSON keeps numbers that do not fit a fixed-point
 * decimal as DOUBLE, https://docs.snowflake.com/en/sql-reference/functions/parse_json). Problems of
 * the line come before problems of a field. Thread-safe.
 */
public final class RecordValidator {

    /**
     * Deepest nesting of objects and arrays, the record's own object being depth 1. Snowflake
     * documents no limit and DuckDB reads far deeper; X's payloads stay under 10, and a record has
     * no reason to come near this.
     */
    public static final int MAX_DEPTH = 64;

    private final JsonFactory factory;

    public RecordValidator(JsonFactory factory) {
        this.factory = factory;
    }

    public RecordValidator() {
        this(new JsonFactory());
    }

    /** The first rule the line breaks, or null when the record is valid. */
    public Problem check(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return check(bytes, 0, bytes.length);
    }

    /** The first rule the UTF-8 line {@code buf[off, off+len)} breaks, or null when it is valid. */
    public Problem check(byte[] buf, int off, int len) {
        Problem bytes = LineBytes.check(buf, off, len);
        if (bytes != null) {
            return bytes;
        }
        try (JsonParser p = factory.createParser(buf, off, len)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Problem.of(Problem.BLANK_LINE, null, "the line is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                return Problem.of(Problem.NOT_OBJECT, null, "the line is a JSON " + describe(first) + ", not an object");
            }
            Run run = new Run();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                RecordField field = RecordField.byKey(key);
                JsonToken value = p.nextToken();
                run.key(key, field);
                if (field != null && value == JsonToken.VALUE_NULL) {
                    run.nulls |= 1L << field.ordinal();
                }
                if (ComplianceNotice.KEY.equals(key)) {
                    run.notice(p, value);
                }
                if (field != null && run.fieldProblem == null) {
                    run.fieldProblem = checkValue(field, value, p);
                }
                EntityField entity = field == null ? EntityField.byKey(key) : null;
                if (entity != null) {
                    run.entities(p, value, entity);
                } else {
                    run.value(p, value, 2, key);
                }
            }
            if (p.nextToken() != null) {
                return Problem.of(Problem.NOT_JSON, null, "unexpected content after the JSON object");
            }
            if (run.lineProblem != null) {
                return run.lineProblem;
            }
            if (run.fieldProblem != null) {
                return run.fieldProblem;
            }
            if (run.noticeType != null) {
                return noticeProblem(run);
            }
            for (RecordField f : RecordField.values()) {
                if (f.required() && (run.seen & (1L << f.ordinal())) == 0) {
                    return Problem.of(Problem.MISSING_FIELD, f.key(), "the record has no \"" + f.key() + "\"");
                }
            }
            return null;
        } catch (StreamReadException e) {
            return Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getMessage());
        }
    }

    /** The first rule a notice record breaks, or null; its line and fields are fine. */
    private static Problem noticeProblem(Run run) {
        ComplianceNotice notice = ComplianceNotice.ofType(run.noticeType);
        String key = ComplianceNotice.KEY;
        if (notice == null) {
            return Problem.of(Problem.INVALID_NOTICE, key, "\"" + key + "\" must be one of " + Arrays.stream(ComplianceNotice.values())
                    .map(ComplianceNotice::type).collect(Collectors.joining(", ")) + ", got " + run.noticeType);
        }
        if (run.has(RecordField.SCREENNAME)) {
            return Problem.of(Problem.INVALID_NOTICE, key, "a record is a post or a notice: a " + notice.type() + " notice has no \""
                    + RecordField.SCREENNAME.key() + "\"");
        }
        if (notice.namesPost() && !run.has(RecordField.ID)) {
            return Problem.of(Problem.MISSING_FIELD, RecordField.ID.key(), "the " + notice.type() + " notice has no \"" + RecordField.ID.key() + "\"");
        }
        if (!run.has(RecordField.USER_ID)) {
            return Problem.of(Problem.MISSING_FIELD, RecordField.USER_ID.key(),
                    "the " + notice.type() + " notice has no \"" + RecordField.USER_ID.key() + "\"");
        }
        return null;
    }

    /** What one pass has found so far. */
    private static final class Run {
        long seen;
        /** The fields whose value was JSON null. */
        long nulls;
        /**
         * The value of a non-null {@code notice} key: its text when a string, else a short rendering
         * (which no notice type equals); null when the record has none.
         */
        String noticeType;
        /** Top-level keys that are not record fields; made only when a line has one. */
        Set<String> otherKeys;
        Problem lineProblem;
        Problem fieldProblem;

        /** True when the record has {@code f} with a value other than null. */
        boolean has(RecordField f) {
            long bit = 1L << f.ordinal();
            return (seen & bit) != 0 && (nulls & bit) == 0;
        }

        /** Notes the value of the {@code notice} key, which is read again by {@link #value}. */
        void notice(JsonParser p, JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                noticeType = p.getText();
            } else if (t != JsonToken.VALUE_NULL) {
                noticeType = "a JSON " + describe(t);
            }
        }

        void key(String key, RecordField field) {
            boolean repeated;
            if (field != null) {
                long bit = 1L << field.ordinal();
                repeated = (seen & bit) != 0;
                seen |= bit;
            } else {
                if (otherKeys == null) {
                    otherKeys = new HashSet<>();
                }
                repeated = !otherKeys.add(key);
            }
            if (repeated) {
                duplicate(key);
            }
        }

        /** Reads the value of an {@link EntityField}, which must be an array of acceptable strings. */
        void entities(JsonParser p, JsonToken t, EntityField field) throws IOException {
            String key = field.key();
            if (t != JsonToken.START_ARRAY) {
                fieldOnce(invalidEntities(key, "an array, got " + sample(t, p)));
                value(p, t, 2, key);
                return;
            }
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e != JsonToken.VALUE_STRING) {
                    fieldOnce(invalidEntities(key, "strings only, got " + sample(e, p)));
                    value(p, e, 3, key);
                } else if (!EntityField.acceptable(p.getText())) {
                    fieldOnce(invalidEntities(key, "strings of 1 to " + EntityField.MAX_VALUE_LENGTH
                            + " characters, got one of " + p.getText().length()));
                }
            }
        }

        private static Problem invalidEntities(String key, String what) {
            return Problem.of(Problem.INVALID_ENTITIES, key, "\"" + key + "\" must be an array of " + what);
        }

        void fieldOnce(Problem problem) {
            if (fieldProblem == null) {
                fieldProblem = problem;
            }
        }

        void duplicate(String path) {
            lineOnce(Problem.of(Problem.DUPLICATE_KEY, path, "the key \"" + path + "\" appears twice in one object"));
        }

        void lineOnce(Problem problem) {
            if (lineProblem == null) {
                lineProblem = problem;
            }
        }

        /**
         * Reads the value that starts with {@code t} to its end, at nesting {@code depth}, checking
         * its keys, depth and numbers. {@code path} names where it is, for messages.
         */
        void value(JsonParser p, JsonToken t, int depth, String path) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                if (!fitsSnowflake(p)) {
                    lineOnce(Problem.of(Problem.NUMBER_OUT_OF_RANGE, path,
                            "the number " + sample(t, p) + " at \"" + path + "\" is beyond what a double holds"));
                }
                return;
            }
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                return;
            }
            if (lineProblem != null) {
                p.skipChildren(); // the line is refused already: only its syntax is left to check
                return;
            }
            if (depth > MAX_DEPTH) {
                lineOnce(Problem.of(Problem.TOO_DEEP, path, "objects and arrays are nested deeper than " + MAX_DEPTH + " at \"" + path + "\""));
                p.skipChildren();
                return;
            }
            if (t == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    value(p, e, depth + 1, path);
                }
                return;
            }
            Set<String> keys = new HashSet<>();
            for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                String key = p.currentName();
                String at = path + "." + key;
                if (!keys.add(key)) {
                    duplicate(at);
                }
                value(p, p.nextToken(), depth + 1, at);
            }
        }
    }

    /** True when Snowflake keeps the number: as NUMBER(38, s) when it fits, else as a finite double. */
    private static boolean fitsSnowflake(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return true;
        }
        return !Double.isInfinite(p.getDoubleValue());
    }

    private static Problem checkValue(RecordField field, JsonToken value, JsonParser p) throws IOException {
        String key = field.key();
        switch (field.kind()) {
            case ID:
            case OPTIONAL_ID:
                if (value == JsonToken.VALUE_NULL && field.kind() == RecordField.Kind.OPTIONAL_ID) {
                    return null;
                }
                if (value != JsonToken.VALUE_STRING || !isDigits(p.getText(), 19)) {
                    return Problem.of(Problem.INVALID_ID, key, "\"" + key + "\" must be a string of 1 to 19 digits, got " + sample(value, p));
                }
                return null;
            case TIMESTAMP:
                if (value != JsonToken.VALUE_STRING || !Timestamps.isIso(p.getText())) {
                    return Problem.of(Problem.INVALID_TIMESTAMP, key,
                            "\"" + key + "\" must be an ISO-8601 date-time with an offset such as 2026-03-01T12:00:09.000Z, got " + sample(value, p));
                }
                return null;
            case NON_EMPTY_STRING:
                if (value != JsonToken.VALUE_STRING) {
                    return Problem.of(Problem.NOT_STRING, key, "\"" + key + "\" must be a string, got " + sample(value, p));
                }
                if (p.getText().isBlank()) {
                    return Problem.of(Problem.EMPTY_STRING, key, "\"" + key + "\" must not be empty");
                }
                return null;
            case STRING:
                if (value != JsonToken.VALUE_STRING) {
                    return Problem.of(Problem.NOT_STRING, key, "\"" + key + "\" must be a string, got " + sample(value, p));
                }
                return null;
            case COUNT:
                if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || p.getLongValue() < 0) {
                    return Problem.of(Problem.INVALID_COUNT, key, "\"" + key + "\" must be an integer from 0 to 2^63-1, got " + sample(value, p));
                }
                return null;
            case BOOLEAN:
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    return null;
                }
                if (value == JsonToken.VALUE_STRING && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
                    return null;
                }
                return Problem.of(Problem.INVALID_BOOLEAN, key, "\"" + key + "\" must be true or false, got " + sample(value, p));
            default:
                throw new IllegalStateException("unhandled kind " + field.kind());
        }
    }

    /** True when {@code s} is 1 to {@code max} ASCII digits. */
    public static boolean isDigits(String s, int max) {
        int n = s.length();
        if (n == 0 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT: return "object";
            case START_ARRAY: return "array";
            case VALUE_STRING: return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "boolean";
            case VALUE_NULL: return "null";
            default: return t.name();
        }
    }

    /** A short rendering of the offending value for messages: at most 40 characters of a scalar. */
    private static String sample(JsonToken t, JsonParser p) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL
                || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return describe(t);
        }
        String text = p.getText();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "…";
        }
        return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }
}
