package io.twt.core.trim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.RecordJson;
import io.twt.core.validate.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Trims one line of an X stream to the flat record.
 *
 * <p>One streaming pass offers each top-level key to the payload formats ({@link V1StatusPayload},
 * {@link V2PostPayload}, {@link V1NoticePayload}, {@link ControlMessage}), which read only the keys
 * they need; everything else is skipped, so a 5 KB v1.1 status costs little more than tokenizing
 * it. The format is detected per line: a {@code data} object means a v2 filtered-stream post; a
 * v1.1 compliance notice (delete, status_withheld, user_withheld) becomes its notice record; any
 * other v1.1 control key, or a v2 line with only {@code errors}, is a control message; a
 * {@code user} object means a v1.1 status; a top-level {@code screenname} or {@code notice} means
 * an already-trimmed record (a post or a notice), which is passed through unchanged for the record
 * rules to judge. Thread-safe.
 */
public final class Trimmer {

    private final InputFormat format;
    private final JsonFactory factory;
    private final RecordJson json;

    public Trimmer(InputFormat format) {
        this(format, new JsonFactory());
    }

    public Trimmer(InputFormat format, JsonFactory factory) {
        this.format = format;
        this.factory = factory;
        this.json = new RecordJson();
    }

    public InputFormat format() {
        return format;
    }

    public TrimResult trim(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return trim(bytes, 0, bytes.length);
    }

    /** Trims the UTF-8 line {@code buf[off, off+len)}; a trailing CR or surrounding blanks are ignored. */
    public TrimResult trim(byte[] buf, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && isBlank(buf[start])) {
            start++;
        }
        while (end > start && isBlank(buf[end - 1])) {
            end--;
        }
        if (start == end) {
            return TrimResult.KEEPALIVE_RESULT;
        }
        Line line = new Line();
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return TrimResult.rejected(Problem.of(Problem.NOT_OBJECT, null, "the line is not a JSON object"));
            }
            line.scan(p);
            if (p.nextToken() != null) {
                return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "unexpected content after the JSON object"));
            }
        } catch (StreamReadException e) {
            return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return TrimResult.rejected(Problem.of(Problem.NOT_JSON, null, "not valid JSON: " + e.getMessage()));
        } catch (BadValue e) {
            // A value X would never send, under a key X uses: in an X payload a reason to refuse
            // it; in a trimmed record just an unknown extra key, which the record rules allow.
            if (format != InputFormat.V1 && format != InputFormat.V2 && hasTopLevelScreenname(buf, start, end)) {
                return TrimResult.post(Arrays.copyOfRange(buf, start, end));
            }
            return TrimResult.rejected(e.problem);
        }
        try {
            return classify(line, buf, start, end);
        } catch (BadValue e) {
            return TrimResult.rejected(e.problem);
        }
    }

    /** What one line's scan collected, format by format. */
    private static final class Line {
        final V1StatusPayload v1 = new V1StatusPayload();
        final V2PostPayload v2 = new V2PostPayload();
        final V1NoticePayload notice = new V1NoticePayload();
        final ControlMessage control = new ControlMessage();
        boolean screenname;
        /** A top-level "notice" key: a trimmed notice record. */
        boolean noticeKey;

        /** Reads the top-level object's members; the parser is at its START_OBJECT. */
        void scan(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                v1.read(key, p, v);
                v2.read(key, p, v);
                notice.read(key, p, v);
                control.read(key, p, v);
                if ("screenname".equals(key)) {
                    screenname = true;
                } else if (ComplianceNotice.KEY.equals(key)) {
                    noticeKey = true;
                }
                // Skips a value no format read; after one that was read, the parser is already past it.
                p.skipChildren();
            }
        }
    }

    /** True when the JSON object in {@code buf[start, end)} has a top-level "screenname" key: a trimmed record. */
    private boolean hasTopLevelScreenname(byte[] buf, int start, int end) {
        try (JsonParser p = factory.createParser(buf, start, end - start)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if ("screenname".equals(p.currentName())) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private TrimResult classify(Line line, byte[] buf, int start, int end) {
        InputFormat f = format;
        ControlMessage control = line.control;
        if (f == InputFormat.AUTO) {
            // No X payload has a top-level "screenname": a record may carry any unknown extra key
            // (even "user", "data" or "event") and must still pass through unchanged.
            if (line.screenname || line.noticeKey) {
                f = InputFormat.TRIMMED;
            } else if (line.v2.hasData()) {
                f = InputFormat.V2;
            } else if (line.notice.notice() != null) {
                f = InputFormat.V1;
            } else if (control.v1Type() != null || control.errorsType() != null) {
                return TrimResult.control(control.v1Type() != null ? control.v1Type() : control.errorsType());
            } else if (line.v1.hasUser()) {
                f = InputFormat.V1;
            } else {
                return TrimResult.rejected(Problem.of(Problem.UNRECOGNISED, null,
                        "neither a v2 post (data), a v1.1 status (user), a trimmed record (screenname or notice) nor a control message"));
            }
        }
        switch (f) {
            case V1:
                if (line.notice.notice() != null) {
                    return TrimResult.notice(line.notice.toRecord());
                }
                if (control.v1Type() != null) {
                    return TrimResult.control(control.v1Type());
                }
                return TrimResult.post(json.toBytes(line.v1.toRecord()));
            case V2:
                if (!line.v2.hasData()) {
                    if (control.errorsType() != null) {
                        return TrimResult.control(control.errorsType());
                    }
                    return TrimResult.rejected(Problem.of(Problem.UNRECOGNISED, null, "not a v2 filtered-stream line: no \"data\" object"));
                }
                return TrimResult.post(json.toBytes(line.v2.toRecord()));
            case TRIMMED:
                byte[] record = Arrays.copyOfRange(buf, start, end);
                return line.noticeKey && !line.screenname ? TrimResult.notice(record) : TrimResult.post(record);
            default:
                throw new IllegalStateException("unhandled format " + f);
        }
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
