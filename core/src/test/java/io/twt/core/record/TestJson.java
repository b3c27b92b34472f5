package io.twt.core.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support built on jackson-core only (core has no ObjectMapper): reads flat JSON objects back
 * into ordered maps and loads fixtures as compact one-line JSON, as they arrive on a stream.
 */
public final class TestJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** The record keys in the order the spec prescribes, written out independently of {@link RecordField}. */
    public static final List<String> SPEC_KEY_ORDER = List.of(
            "id", "created_at", "screenname", "username",
            "user_favourites_count", "user_followers_count", "user_friends_count", "user_listed_count", "user_statuses_count",
            "verified", "verified_type", "text",
            "tweet_favorite_count", "tweet_quote_count", "tweet_reply_count", "tweet_retweet_count",
            "user_id");

    /** The key only an edited post's record has, right after the spec's keys. */
    public static final String ORIGINAL_ID_KEY = "original_id";

    /** The optional entity keys, which follow the spec's keys in this order when a post has them. */
    public static final List<String> ENTITY_KEY_ORDER = List.of("cashtags", "hashtags", "mentions", "urls", "matching_rules");

    private TestJson() {
    }

    /**
     * Parses a flat JSON object (scalar values and arrays of strings only) into a map that keeps key
     * order. Strings stay strings, integers become {@link Long}, booleans {@link Boolean}, JSON null
     * a null value, an array of strings a {@code List<String>}. Fails on other nested values or
     * duplicate keys so that a sloppy record cannot slip through.
     */
    public static LinkedHashMap<String, Object> parseFlat(String json) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AssertionError("not a JSON object: " + json);
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                Object value;
                switch (v) {
                    case VALUE_STRING: value = p.getText(); break;
                    case VALUE_NUMBER_INT: value = p.getLongValue(); break;
                    case VALUE_TRUE: value = Boolean.TRUE; break;
                    case VALUE_FALSE: value = Boolean.FALSE; break;
                    case VALUE_NULL: value = null; break;
                    case START_ARRAY: value = stringArray(p, key, json); break;
                    default: throw new AssertionError("unexpected " + v + " for key " + key + " in " + json);
                }
                if (out.containsKey(key)) {
                    throw new AssertionError("duplicate key " + key + " in " + json);
                }
                out.put(key, value);
            }
            if (p.nextToken() != null) {
                throw new AssertionError("trailing content after the object: " + json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> stringArray(JsonParser p, String key, String json) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e != JsonToken.VALUE_STRING) {
                throw new AssertionError("unexpected " + e + " in the array " + key + " in " + json);
            }
            values.add(p.getText());
        }
        return values;
    }

    /**
     * Asserts that a trimmed record has the spec's keys in their order, then original_id or not,
     * followed by none or some of the entity keys in theirs.
     */
    public static void assertRecordKeys(String json) {
        List<String> keys = keys(json);
        int spec = SPEC_KEY_ORDER.size();
        if (keys.size() > spec && keys.get(spec).equals(ORIGINAL_ID_KEY)) {
            keys.remove(spec);
        }
        int at = -1;
        boolean ordered = keys.size() >= spec && keys.subList(0, spec).equals(SPEC_KEY_ORDER);
        for (int i = spec; ordered && i < keys.size(); i++) {
            int next = ENTITY_KEY_ORDER.indexOf(keys.get(i));
            ordered = next > at;
            at = next;
        }
        if (!ordered) {
            throw new AssertionError("keys out of the record's order: " + keys + " in " + json);
        }
    }

    /** The keys of a flat JSON object, in the order they appear. */
    public static List<String> keys(String json) {
        return new ArrayList<>(parseFlat(json).keySet());
    }

    /** A JSON document re-written without any insignificant whitespace: one line. */
    public static String compact(String json) {
        StringWriter w = new StringWriter(json.length());
        try (JsonParser p = FACTORY.createParser(json); JsonGenerator g = FACTORY.createGenerator(w)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A classpath resource under {@code /fixtures/} as a compact, single JSON line. */
    public static String fixtureLine(String name) {
        String text = resource("/fixtures/" + name);
        String line = compact(text);
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new AssertionError("fixture " + name + " did not compact to one line");
        }
        return line;
    }

    public static String resource(String path) {
        try (InputStream in = TestJson.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string literal for {@code s}, escaped by Jackson. */
    public static String quote(String s) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A flat JSON object from key / raw-JSON-value pairs, keys in the map's order. */
    public static String object(Map<String, String> rawValues) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : rawValues.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
