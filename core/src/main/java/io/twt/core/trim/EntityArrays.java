package io.twt.core.trim;

import static io.twt.core.trim.JsonValues.isObject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import java.io.IOException;

/** Reads X's entity arrays (objects such as {@code {"tag":"TSLA","start":0,"end":5}}) into {@link Entities}. */
final class EntityArrays {

    private EntityArrays() {
    }

    /**
     * Adds to {@code field}, for each object of the array value {@code t}, its string member
     * {@code preferred}, or else its string member {@code fallback} (null for none). Anything
     * else in the array, and a value that is not an array, is skipped.
     */
    static void read(JsonParser p, JsonToken t, EntityField field, String preferred, String fallback,
            Entities.Builder into) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (!isObject(p, e)) {
                continue;
            }
            String first = null;
            String second = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(preferred)) {
                    first = JsonValues.string(p, v);
                } else if (name.equals(fallback)) {
                    second = JsonValues.string(p, v);
                } else {
                    p.skipChildren();
                }
            }
            into.add(field, EntityField.acceptable(first) ? first : second);
        }
    }
}
