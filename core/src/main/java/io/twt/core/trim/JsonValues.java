package io.twt.core.trim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import java.io.IOException;

/**
 * Reads one value at the parser's current token {@code t}; a value of the wrong JSON type is
 * skipped whole (so the scan stays on the enclosing object) and then either ignored or refused
 * with a {@link BadValue} naming {@code field}.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** True at the start of an object; otherwise the value is skipped. */
    static boolean isObject(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        p.skipChildren();
        return false;
    }

    /** A string, or null for any other value. */
    static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** The string member {@code key} of an object value (e.g. extended_tweet.full_text), or null. */
    static String memberString(JsonParser p, JsonToken t, String key) throws IOException {
        if (!isObject(p, t)) {
            return null;
        }
        String text = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals(name)) {
                text = string(p, v);
            } else {
                p.skipChildren();
            }
        }
        return text;
    }

    /** An id given as a string or as a JSON integer (v1.1's numeric {@code id}). */
    static String idText(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        p.skipChildren();
        throw new BadValue(Problem.of(Problem.INVALID_ID, field, "\"" + field + "\" is not a string or an integer"));
    }

    /** A counter: an integer ≥ 0, a string of digits, or null/absent (0). */
    static long count(JsonParser p, JsonToken t, String field) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_STRING && RecordValidator.isDigits(p.getText(), 18)) {
            return Long.parseLong(p.getText());
        }
        p.skipChildren();
        throw new BadValue(Problem.of(Problem.INVALID_COUNT, field, "\"" + field + "\" is not an integer of 0 or more"));
    }

    /** A boolean, "true"/"false" as strings, or null (false). */
    static boolean bool(JsonParser p, JsonToken t, String field) throws IOException {
        switch (t) {
            case VALUE_TRUE: return true;
            case VALUE_FALSE:
            case VALUE_NULL: return false;
            case VALUE_STRING:
                if ("true".equals(p.getText())) {
                    return true;
                }
                if ("false".equals(p.getText())) {
                    return false;
                }
                break;
            default:
                p.skipChildren();
        }
        throw new BadValue(Problem.of(Problem.INVALID_BOOLEAN, field, "\"" + field + "\" is not a boolean"));
    }

    /** Skips the members left in the current object, up to and including its end. */
    static void skipRestOfObject(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
    }
}
