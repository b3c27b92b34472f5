package io.twt.core.trim;

import static io.twt.core.trim.JsonValues.isObject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import java.io.IOException;
import java.util.Map;

/** Reads X's entity arrays (objects such as {@code {"tag":"TSLA","start":0,"end":5}}) into {@link Entities}. */
final class EntityArrays {

    /** Where one entity array goes: its field, and the member that holds each value (or else {@code fallback}, null for none). */
    record Member(EntityField field, String preferred, String fallback) {
    }

    private EntityArrays() {
    }

    /**
     * Reads an entities object (value token {@code v}): each key of {@code members} is an entity
     * array read as its {@link Member} says; other keys, and a value that is not an object, are skipped.
     */
    static void readObject(JsonParser p, JsonToken v, Map<String, Member> members, Entities.Builder into) throws IOException {
        if (!isObject(p, v)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Member m = members.get(p.currentName());
            JsonToken t = p.nextToken();
            if (m == null) {
                p.skipChildren();
            } else {
                read(p, t, m.field(), m.preferred(), m.fallback(), into);
            }
        }
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
