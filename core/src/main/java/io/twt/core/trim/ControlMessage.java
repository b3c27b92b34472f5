package io.twt.core.trim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * The keys that mark a stream control message, collected during the scan of one line: a v1.1
 * control key (delete, limit, disconnect…) or v2's {@code errors} array.
 */
final class ControlMessage {

    /** Top-level keys of v1.1 stream messages that are not posts. */
    static final Set<String> V1_CONTROL_KEYS = Set.of(
            "delete", "scrub_geo", "limit", "status_withheld", "user_withheld", "disconnect", "warning", "event", "friends");

    private String v1Type;
    private String errorsType;

    /** Reads the value of {@code errors} and notes a v1.1 control key; leaves any other value unread. */
    void read(String key, JsonParser p, JsonToken v) throws IOException {
        if ("errors".equals(key)) {
            errorsType = readErrors(p, v);
        } else if (V1_CONTROL_KEYS.contains(key)) {
            v1Type = key;
        }
    }

    /** The last v1.1 control key of the line, or null. */
    String v1Type() {
        return v1Type;
    }

    /** The type of v2's errors (see {@link #readErrors}), or null without an {@code errors} key. */
    String errorsType() {
        return errorsType;
    }

    /** The first error's title or type (e.g. operational-disconnect), or "errors". */
    private static String readErrors(JsonParser p, JsonToken v) throws IOException {
        String type = "errors";
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return type;
        }
        boolean first = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.START_OBJECT || !first) {
                p.skipChildren();
                continue;
            }
            first = false;
            String title = null;
            String errorType = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if ("title".equals(key) && t == JsonToken.VALUE_STRING) {
                    title = p.getText();
                } else if ("type".equals(key) && t == JsonToken.VALUE_STRING) {
                    errorType = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (title != null) {
                type = title;
            } else if (errorType != null) {
                type = errorType;
            }
        }
        return type;
    }
}
