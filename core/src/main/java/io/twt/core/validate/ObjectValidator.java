package io.twt.core.validate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Validates one NDJSON object (as Firehose writes them) line by line, streaming: memory does not
 * grow with the object, only with the longest line (capped at {@link #MAX_LINE_BYTES}).
 *
 * <p>Gzip is detected by its magic bytes. Lines end with LF or CRLF; a UTF-8 BOM at the start is
 * ignored. Valid lines are copied unchanged (without CR) to {@code valid}, one per line. Each
 * invalid line becomes one JSON object on {@code quarantine}: {@code line} (1-based), {@code reason},
 * {@code field}, {@code message} and {@code raw} (the line, truncated to {@link #RAW_SAMPLE_BYTES}).
 * An object that cannot be read (binary content, corrupt or truncated gzip) gets a quarantine
 * entry for what could not be read; lines read before a gzip error are kept.
 */
public final class ObjectValidator {

    /** Longest line accepted: 1 MiB, Firehose's record limit is 1,000 KiB. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** How much of a bad line the quarantine entry keeps. */
    public static final int RAW_SAMPLE_BYTES = 8 << 10;
    private static final int BINARY_PROBE_BYTES = 8 << 10;

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
            q.flush();
        }
        return report;
    }

    /** The state of one pass over one object. */
    private final class Run {
        final ObjectReport report;
        final OutputStream valid;
        final JsonGenerator quarantine;
        final LineReader lines = new LineReader(MAX_LINE_BYTES + 1);
        long lineNumber;

        Run(ObjectReport report, OutputStream valid, JsonGenerator quarantine) {
            this.report = report;
            this.valid = valid;
            this.quarantine = quarantine;
        }

        void read(InputStream object) throws IOException {
            BufferedInputStream buffered = new BufferedInputStream(object, 1 << 16);
            boolean gzip = Gzip.startsWithMagic(buffered);
            try {
                InputStream content = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
                // The first bytes are checked for binary content before any line is judged; a gzip
                // error met there is raised again only after the lines read before it.
                byte[] probe = new byte[BINARY_PROBE_BYTES];
                int n = 0;
                IOException deferred = null;
                try {
                    for (int k; n < probe.length && (k = content.read(probe, n, probe.length - n)) > 0; ) {
                        n += k;
                    }
                } catch (ZipException | EOFException e) {
                    deferred = e;
                }
                int nul = indexOfNul(probe, n);
                if (nul >= 0) {
                    unreadable(0, "binary content: NUL byte at offset " + nul + (gzip ? " of the gunzipped data" : ""), null);
                    return;
                }
                InputStream rest = deferred == null ? content : failing(deferred);
                lines.read(new SequenceInputStream(new ByteArrayInputStream(probe, 0, n), rest), this::judge);
            } catch (ZipException | EOFException e) {
                // Corrupt or truncated gzip: what was read stays; the unreadable rest is quarantined.
                byte[] partial = lines.pending();
                unreadable(lineNumber + 1, "gzip data unreadable after " + lineNumber + " lines: " + e.getMessage(),
                        partial.length > 0 ? Arrays.copyOf(partial, Math.min(partial.length, RAW_SAMPLE_BYTES)) : null);
            }
        }

        private void judge(long number, byte[] line, int len, boolean truncated) throws IOException {
            lineNumber = number;
            if (truncated || len > MAX_LINE_BYTES) {
                bad(Problem.of(Problem.LINE_TOO_LONG, null, "the line is longer than " + MAX_LINE_BYTES + " bytes"), line, len);
            } else if (isBlank(line, len)) {
                bad(Problem.of(Problem.BLANK_LINE, null, "the line is empty"), line, len);
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

    /** A stream that fails with {@code e} on its first read. */
    private static InputStream failing(IOException e) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw e;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw e;
            }
        };
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

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static int indexOfNul(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
