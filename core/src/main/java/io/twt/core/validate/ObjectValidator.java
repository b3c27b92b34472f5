package io.twt.core.validate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twt.core.io.Gzip;
import io.twt.core.io.GzipMembersInputStream;
import io.twt.core.io.LineReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Validates one NDJSON object (as Firehose writes them) line by line, streaming: memory does not
 * grow with the object, only with the longest line (capped at {@link #MAX_LINE_BYTES}).
 *
 * <p>Gzip is detected by its magic bytes. Lines end with LF or CRLF; a UTF-8 BOM at the start is
 * ignored. Valid lines are copied unchanged (without CR) to {@code valid}, one per line. Each
 * invalid line becomes one JSON object on {@code quarantine}: {@code line} (1-based), {@code reason},
 * {@code field}, {@code message} and {@code raw} (the line, truncated to {@link #RAW_SAMPLE_BYTES}).
 * Each line is judged on its own, binary bytes included: no look at the first bytes condemns the
 * whole object.
 *
 * <p>Every gzip member is read, from the stream itself ({@link GzipMembersInputStream}), whatever
 * the stream's {@code available()} says. Gzip that cannot be read to its end (corrupt or cut
 * short, or followed by bytes that are not gzip) gets one {@code unreadable_object} entry, with
 * the number of the line it stopped in and a message saying what is wrong and where; the lines
 * read before the problem are kept.
 */
public final class ObjectValidator {

    /** Longest line accepted: 1 MiB, Firehose's record limit is 1,000 KiB. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** How much of a bad line the quarantine entry keeps. */
    public static final int RAW_SAMPLE_BYTES = 8 << 10;

    private final RecordValidator rules;
    private final JsonFactory factory;

    public ObjectValidator(RecordValidator rules, JsonFactory factory) {
        this.rules = rules;
        this.factory = factory;
    }

    public ObjectValidator() {
        this(new RecordValidator(), new JsonFactory());
    }

    /**
     * Reads {@code object} to its end. I/O errors of the streams themselves propagate; a corrupt
     * object is reported, not thrown.
     */
    public ObjectReport validate(InputStream object, OutputStream valid, OutputStream quarantine) throws IOException {
        ObjectReport report = new ObjectReport();
        try (JsonGenerator q = factory.createGenerator(quarantine, JsonEncoding.UTF8)) {
            q.setRootValueSeparator(null);
            new Run(report, valid, q).read(object);
        }
        return report;
    }

    /** The state of one pass over one object. */
    private final class Run {
        final ObjectReport report;
        final OutputStream valid;
        final JsonGenerator quarantine;
        final LineReader lines = new LineReader(MAX_LINE_BYTES);
        long lineNumber;

        Run(ObjectReport report, OutputStream valid, JsonGenerator quarantine) {
            this.report = report;
            this.valid = valid;
            this.quarantine = quarantine;
        }

        void read(InputStream object) throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(object, 1 << 16);
            InputStream content = Gzip.startsWithMagic(buffered) ? new GzipMembersInputStream(buffered) : buffered;
            try {
                lines.read(content, this::judge);
            } catch (ZipException | EOFException e) {
                // Corrupt or truncated gzip, or bytes after it that are not gzip: what was read
                // stays; the unreadable rest is quarantined.
                byte[] partial = lines.pending();
                unreadable(lineNumber + 1, "gzip data unreadable after " + lineNumber + " lines: " + describe(e),
                        partial.length > 0 ? Arrays.copyOf(partial, Math.min(partial.length, RAW_SAMPLE_BYTES)) : null);
            }
        }

        private void judge(long number, byte[] line, int len, boolean truncated) throws IOException {
            lineNumber = number;
            if (truncated) {
                bad(Problem.of(Problem.LINE_TOO_LONG, null, "the line is longer than " + MAX_LINE_BYTES + " bytes"), line, len);
            } else {
                Problem problem = rules.check(line, 0, len);
                if (problem == null) {
                    valid.write(line, 0, len);
                    valid.write('\n');
                    report.countValid();
                } else {
                    bad(problem, line, len);
                }
            }
        }

        private void bad(Problem problem, byte[] line, int len) throws IOException {
            report.countInvalid(problem.code());
            writeEntry(lineNumber, problem, Arrays.copyOf(line, Math.min(len, RAW_SAMPLE_BYTES)));
        }

        private void unreadable(long at, String why, byte[] raw) throws IOException {
            report.markUnreadable(why);
            writeEntry(at, Problem.of(Problem.UNREADABLE_OBJECT, null, why), raw);
        }

        private void writeEntry(long at, Problem problem, byte[] raw) throws IOException {
            quarantine.writeStartObject();
            quarantine.writeNumberField("line", at);
            quarantine.writeStringField("reason", problem.code());
            quarantine.writeStringField("field", problem.field());
            quarantine.writeStringField("message", problem.message());
            quarantine.writeStringField("raw", raw == null ? null : decodeLenient(raw));
            quarantine.writeEndObject();
            quarantine.writeRaw('\n');
        }
    }

    /** What is wrong, never "null": the message, or the exception's class when it has none. */
    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    static String decodeLenient(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
