package io.twt.core.compliance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.compliance.ComplianceResult.LineProblem;
import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an X batch compliance result: one JSON object per line with {@code id}, {@code action},
 * {@code created_at}, {@code redacted_at} (not on every event) and {@code reason}
 * (https://docs.x.com/x-api/compliance/batch-compliance/quickstart, "Result format";
 * https://developer.x.com/en/docs/x-api/compliance/batch-compliance/quick-start, step four). Plain
 * or gzip. A bad line is skipped and reported with its file, line and field; the other lines are
 * still read. Blank lines are ignored; keys X may add are ignored.
 */
public final class ComplianceResultReader {

    /** The only action X documents: the post or user must be deleted. */
    public static final String DELETE = "delete";
    /** A result line is about 150 bytes; anything near this is not one. */
    static final int MAX_LINE_BYTES = 64 << 10;

    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final JsonFactory JSON = new JsonFactory();

    private final ComplianceKind kind;

    public ComplianceResultReader(ComplianceKind kind) {
        this.kind = kind;
    }

    public ComplianceResult read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in);
        }
    }

    /** Reads {@code in} to its end; {@code source} names it in problems and in the log. */
    public ComplianceResult read(String source, InputStream in) throws IOException {
        List<ComplianceEvent> events = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        long lines = new LineReader(MAX_LINE_BYTES).read(Gzip.decompressIfGzip(in), (number, buf, len, truncated) -> {
            if (truncated) {
                problems.add(new LineProblem(source, number, null, "line longer than " + MAX_LINE_BYTES + " bytes"));
                return;
            }
            if (isBlank(buf, len)) {
                return;
            }
            try {
                ComplianceEvent e = parse(number, buf, len);
                Long first = firstLine.putIfAbsent(e.id(), number);
                if (first != null) {
                    problems.add(new LineProblem(source, number, "id", "id " + e.id() + " is already on line " + first + "; this line is skipped"));
                } else {
                    events.add(e);
                }
            } catch (BadLine b) {
                problems.add(new LineProblem(source, number, b.field, b.getMessage()));
            }
        });
        return new ComplianceResult(source, kind, events, problems, lines);
    }

    private ComplianceEvent parse(long number, byte[] buf, int len) throws IOException, BadLine {
        Map<String, String> values = new HashMap<>();
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadLine(null, "not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    values.put(key, p.getText());
                } else if (v == JsonToken.VALUE_NULL) {
                    values.remove(key);
                } else if (isKnown(key)) {
                    throw new BadLine(key, key + " is not a string");
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new BadLine(null, "not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new BadLine(null, "not JSON: " + e.getOriginalMessage());
        }
        String id = required(values, "id");
        if (!ID.matcher(id).matches()) {
            throw new BadLine("id", "id " + id + " is not 1 to 19 digits");
        }
        String action = required(values, "action");
        if (!action.equals(DELETE)) {
            throw new BadLine("action", "action " + action + " is not one twt applies (X documents only " + DELETE + ")");
        }
        String reason = required(values, "reason");
        if (!kind.reasons().contains(reason) && kind.other().reasons().contains(reason)) {
            throw new BadLine("reason", "reason " + reason + " is for " + kind.other().jobType() + ", not " + kind.jobType()
                    + ": is this a " + kind.other().jobType() + " result?");
        }
        return new ComplianceEvent(number, id, action, reason, instant(values, "created_at"), instant(values, "redacted_at"));
    }

    private static boolean isKnown(String key) {
        return key.equals("id") || key.equals("action") || key.equals("reason") || key.equals("created_at") || key.equals("redacted_at");
    }

    private static String required(Map<String, String> values, String key) throws BadLine {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new BadLine(key, key + " is missing");
        }
        return v;
    }

    private static Instant instant(Map<String, String> values, String key) throws BadLine {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadLine(key, key + " " + v + " is not an ISO-8601 UTC time such as 2026-03-01T12:00:00.000Z");
        }
    }

    private static boolean isBlank(byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Why a line is skipped. */
    private static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        BadLine(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
