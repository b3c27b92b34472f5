package io.twt.core.compliance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import io.twt.core.object.ObjectStore;
import io.twt.core.record.RecordField;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites stored objects (raw/, validated/, quarantine/: gzip NDJSON) without the lines of what a
 * compliance apply removed: a record whose {@code id} is a removed post, whose {@code user_id} is
 * a removed user, or, without a {@code user_id}, whose {@code screenname} was a removed user's. A
 * quarantine entry is judged by the line it keeps ({@code raw}). A line that is not JSON (a
 * quarantined line can be anything) is matched on the text of those keys where it has them. The
 * new object is written aside and replaces the old one at once ({@link ObjectStore#write}); an
 * object with nothing to remove is left as it is.
 */
public final class ComplianceObjects {

    /** As the local loader reads objects: no line limit short of the array's. */
    private static final int MAX_LINE_BYTES = Integer.MAX_VALUE - 16;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String ID = RecordField.ID.key();
    private static final String USER_ID = RecordField.USER_ID.key();
    private static final String SCREENNAME = RecordField.SCREENNAME.key();
    /** The key of a quarantine entry that holds the bad line (ObjectValidator's entry). */
    private static final String QUARANTINED_LINE = "raw";
    private static final Pattern TEXT_KEY = Pattern.compile("\"(id|user_id|screenname)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ObjectStore store;
    private final Path tempDir;
    private final ComplianceApplier.Outcome removed;

    public ComplianceObjects(ObjectStore store, Path tempDir, ComplianceApplier.Outcome removed) {
        this.store = store;
        this.tempDir = tempDir;
        this.removed = removed;
    }

    /** Rewrites {@code key} without the removed lines; returns how many were removed. */
    public long rewrite(String key) throws IOException {
        Files.createDirectories(tempDir);
        Path out = Files.createTempFile(tempDir, "compliance-", ".gz");
        long[] dropped = {0};
        try {
            try (InputStream in = Gzip.decompressIfGzip(store.read(key)); OutputStream gz = Gzip.fastOutput(Files.newOutputStream(out))) {
                new LineReader(MAX_LINE_BYTES).read(in, (number, buf, len, truncated) -> {
                    if (matches(buf, len)) {
                        dropped[0]++;
                    } else {
                        gz.write(buf, 0, len);
                        gz.write('\n');
                    }
                });
            }
            if (dropped[0] > 0) {
                store.write(key, out);
            }
            return dropped[0];
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Whether the line is a record, or the quarantine entry of one, that the apply removed. */
    boolean matches(byte[] buf, int len) {
        Map<String, String> keys = topLevelStrings(buf, len);
        if (keys == null) {
            return matchesText(new String(buf, 0, len, StandardCharsets.UTF_8));
        }
        String quarantined = keys.get(QUARANTINED_LINE);
        if (quarantined != null && !keys.containsKey(ID)) {
            byte[] line = quarantined.getBytes(StandardCharsets.UTF_8);
            return matches(line, line.length);
        }
        return matchesKeys(keys);
    }

    private boolean matchesKeys(Map<String, String> keys) {
        // Null checks first: an immutable set's contains(null) throws.
        String id = keys.get(ID);
        String userId = keys.get(USER_ID);
        String screenname = keys.get(SCREENNAME);
        return id != null && removed.postIds().contains(id)
                || userId != null && removed.userIds().contains(userId)
                || userId == null && screenname != null && removed.screenNames().contains(screenname);
    }

    /** For a line that is not JSON: the first value of each key, as far as it can be read. */
    private boolean matchesText(String line) {
        Map<String, String> keys = new HashMap<>();
        Matcher m = TEXT_KEY.matcher(line);
        while (m.find()) {
            keys.putIfAbsent(m.group(1), m.group(2));
        }
        return matchesKeys(keys);
    }

    /** The object's top-level string values by key, or null when the line is not one JSON object. */
    private static Map<String, String> topLevelStrings(byte[] buf, int len) {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    out.put(key, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            return p.currentToken() == JsonToken.END_OBJECT ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
