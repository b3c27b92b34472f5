package io.twt.core.validate;

import static io.twt.core.io.TestBytes.concat;
import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.entry;

import io.twt.core.io.OneByteInputStream;
import io.twt.core.record.TestJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of whole NDJSON objects (spec point 9). */
class ObjectValidatorTest {

    private static final int MAX = ObjectValidator.MAX_LINE_BYTES;
    private static final int SAMPLE = ObjectValidator.RAW_SAMPLE_BYTES;
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    // ---- helpers -------------------------------------------------------------------------

    /** What one validation produced; checks the invariants every run must keep. */
    private static final class Outcome {
        final ObjectReport report;
        final byte[] valid;
        final byte[] quarantine;

        Outcome(ObjectReport report, byte[] valid, byte[] quarantine) {
            this.report = report;
            this.valid = valid;
            this.quarantine = quarantine;
        }

        String validText() {
            return new String(valid, UTF_8);
        }

        List<LinkedHashMap<String, Object>> entries() {
            List<LinkedHashMap<String, Object>> out = new ArrayList<>();
            String text = new String(quarantine, UTF_8);
            if (text.isEmpty()) {
                return out;
            }
            assertThat(text).as("quarantine ends with a newline").endsWith("\n");
            for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
                out.add(TestJson.parseFlat(line));
            }
            return out;
        }

        LinkedHashMap<String, Object> onlyEntry() {
            List<LinkedHashMap<String, Object>> all = entries();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static Outcome validate(byte[] object) {
        return validate(new ByteArrayInputStream(object));
    }

    private static Outcome validate(InputStream object) {
        ByteArrayOutputStream valid = new ByteArrayOutputStream();
        ByteArrayOutputStream quarantine = new ByteArrayOutputStream();
        ObjectReport report;
        try {
            report = new ObjectValidator().validate(object, valid, quarantine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Outcome o = new Outcome(report, valid.toByteArray(), quarantine.toByteArray());
        assertInvariants(o);
        return o;
    }

    private static void assertInvariants(Outcome o) {
        ObjectReport r = o.report;
        assertThat(r.valid() + r.invalid()).as("valid + invalid == lines").isEqualTo(r.lines());
        assertThat(r.invalidByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.invalid());
        assertThat(countNewlines(o.valid)).as("one valid output line per valid line").isEqualTo(r.valid());
        List<LinkedHashMap<String, Object>> entries = o.entries();
        assertThat(entries).as("one quarantine entry per invalid line (+1 if unreadable)")
                .hasSize((int) r.invalid() + (r.unreadable() == null ? 0 : 1));
        for (LinkedHashMap<String, Object> e : entries) {
            assertThat(e.keySet()).containsExactly("line", "reason", "field", "message", "raw");
            if ("unreadable_object".equals(e.get("reason"))) {
                assertThat((Long) e.get("line")).isNotNegative();
            } else {
                assertThat((Long) e.get("line")).isPositive();
            }
            assertThat((String) e.get("reason")).isNotBlank();
            assertThat((String) e.get("message")).isNotBlank();
            if (e.get("raw") != null) {
                assertThat(((String) e.get("raw")).getBytes(UTF_8).length).isLessThanOrEqualTo(SAMPLE * 3);
            }
        }
        assertThat(entries).extracting(e -> (Long) e.get("line")).isSorted();
    }

    /** The quarantine sample is the first RAW_SAMPLE_BYTES bytes of the line (checked without dumping megabytes on failure). */
    private static void assertSampleOf(Object raw, String line) {
        byte[] expected = Arrays.copyOf(utf8(line), SAMPLE);
        byte[] actual = utf8((String) raw);
        assertThat(actual.length).as("sample length").isEqualTo(SAMPLE);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of the sample").isEqualTo(-1);
    }

    private static long countNewlines(byte[] b) {
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String record(int i) {
        return Records.valid().with("id", "\"" + (1896215732465139712L + i) + "\"")
                .with("text", TestJson.quote("post #" + i + " \u2014 caf\u00e9 \ud83d\ude80")).line();
    }

    private static String records(int from, int to, String eol) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(record(i)).append(eol);
        }
        return sb.toString();
    }

    /** Everything a plain GZIPInputStream can recover from a (possibly truncated) gzip file. */
    private static byte[] gunzipAsFarAsPossible(byte[] gz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] buf = new byte[512];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (EOFException e) {
            // truncated: keep what came out
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns at most a few bytes per read, as a slow network stream would. */
    private static final class TricklingInputStream extends FilterInputStream {
        private final Random random;

        TricklingInputStream(byte[] data, long seed) {
            super(new ByteArrayInputStream(data));
            this.random = new Random(seed);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        }
    }

    // ---- tests ----------------------------------------------------------------------------

    @Nested
    class Lines {

        @Test
        void emptyObjectHasNoLinesAndWritesNothing() {
            Outcome o = validate(new byte[0]);

            assertThat(o.report.lines()).isZero();
            assertThat(o.report.unreadable()).isNull();
            assertThat(o.valid).isEmpty();
            assertThat(o.quarantine).isEmpty();
        }

        @Test
        void validLinesAreCopiedUnchanged() {
            String object = records(0, 3, "\n");

            Outcome o = validate(utf8(object));

            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.report.valid()).isEqualTo(3);
            assertThat(o.report.invalidByReason()).isEmpty();
            assertThat(o.validText()).isEqualTo(object);
            assertThat(o.quarantine).isEmpty();
        }

        @Test
        void trailingNewlineDoesNotMakeAnExtraLine() {
            Outcome o = validate(utf8(record(1) + "\n"));

            assertThat(o.report.lines()).isEqualTo(1);
            assertThat(o.report.valid()).isEqualTo(1);
        }

        @Test
        void finalLineWithoutNewlineIsCountedAndGetsOne() {
            String object = record(0) + "\n" + record(1);

            Outcome o = validate(utf8(object));

            assertThat(o.report.lines()).isEqualTo(2);
            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.validText()).isEqualTo(object + "\n");
        }

        @Test
        void crlfLineEndsAreAcceptedAndTheCrIsDropped() {
            Outcome o = validate(utf8(records(0, 3, "\r\n")));

            assertThat(o.report.valid()).isEqualTo(3);
            assertThat(o.validText()).isEqualTo(records(0, 3, "\n"));
        }

        @Test
        void mixedLfAndCrlfAndAFinalLineWithCrOnly() {
            String object = record(0) + "\r\n" + record(1) + "\n" + record(2) + "\r";

            Outcome o = validate(utf8(object));

            assertThat(o.report.valid()).isEqualTo(3);
            assertThat(o.validText()).isEqualTo(records(0, 3, "\n"));
        }

        @Test
        void bomAtTheStartIsIgnored() {
            Outcome o = validate(concat(BOM, utf8(records(0, 2, "\n"))));

            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.report.invalid()).isZero();
            assertThat(o.validText()).isEqualTo(records(0, 2, "\n"));
        }

        @Test
        void objectOfOnlyABomHasNoLines() {
            Outcome o = validate(BOM);

            assertThat(o.report.lines()).isZero();
            assertThat(o.valid).isEmpty();
            assertThat(o.quarantine).isEmpty();
        }

        @Test
        void blankLineInTheMiddleIsQuarantined() {
            Outcome o = validate(utf8(record(0) + "\n\n" + record(1) + "\n"));

            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.report.invalidByReason()).containsExactly(entry(Problem.BLANK_LINE, 1L));
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("reason", "blank_line")
                    .containsEntry("field", null).containsEntry("raw", "");
            assertThat(o.validText()).isEqualTo(records(0, 2, "\n"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {" ", "\t", "  \t ", "\r"})
        void whitespaceOnlyLinesAreBlank(String blank) {
            Outcome o = validate(utf8(record(0) + "\n" + blank + "\n" + record(1) + "\r\n"));

            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("reason", "blank_line");
        }

        @Test
        void quarantineEntryCarriesTheLineNumberReasonFieldMessageAndRawLine() {
            String bad = Records.valid().with("tweet_reply_count", "-2").line();

            Outcome o = validate(utf8(record(0) + "\r\n" + record(1) + "\r\n" + bad + "\r\n"));

            LinkedHashMap<String, Object> e = o.onlyEntry();
            assertThat(e).containsExactly(
                    entry("line", 3L),
                    entry("reason", "invalid_count"),
                    entry("field", "tweet_reply_count"),
                    entry("message", e.get("message")),
                    entry("raw", bad));
            assertThat((String) e.get("message")).contains("tweet_reply_count");
        }

        @Test
        void manyLinesAcrossReadBuffersAreAllSeen() {
            String object = records(0, 1000, "\n");
            assertThat(object.length()).isGreaterThan(4 * 65536);

            Outcome o = validate(utf8(object));

            assertThat(o.report.valid()).isEqualTo(1000);
            assertThat(o.validText()).isEqualTo(object);
        }
    }

    @Nested
    class EveryRecordRule {

        @Test
        void eachReasonIsQuarantinedWithItsField() {
            List<String> lines = List.of(
                    "{\"id\":\"1\",",
                    "[\"not\",\"an\",\"object\"]",
                    "   ",
                    Records.valid().without("text").line(),
                    Records.valid().with("id", "1896215732465139712").line(),
                    Records.valid().with("created_at", "\"Sun Mar 01 12:00:09 +0000 2026\"").line(),
                    Records.valid().with("screenname", "\"\"").line(),
                    Records.valid().with("username", "42").line(),
                    Records.valid().with("tweet_quote_count", "1.5").line(),
                    Records.valid().with("verified", "\"yes\"").line(),
                    Records.valid().with("user_id", "\"u123\"").line(),
                    record(99));

            Outcome o = validate(utf8(String.join("\n", lines) + "\n"));

            assertThat(o.entries()).extracting(e -> e.get("line"), e -> e.get("reason"), e -> e.get("field"))
                    .containsExactly(
                            tuple(1L, "not_json", null),
                            tuple(2L, "not_object", null),
                            tuple(3L, "blank_line", null),
                            tuple(4L, "missing_field", "text"),
                            tuple(5L, "invalid_id", "id"),
                            tuple(6L, "invalid_timestamp", "created_at"),
                            tuple(7L, "empty_string", "screenname"),
                            tuple(8L, "not_string", "username"),
                            tuple(9L, "invalid_count", "tweet_quote_count"),
                            tuple(10L, "invalid_boolean", "verified"),
                            tuple(11L, "invalid_id", "user_id"));
            for (int i = 0; i < 11; i++) {
                assertThat(o.entries().get(i).get("raw")).isEqualTo(lines.get(i));
            }
            assertThat(o.report.lines()).isEqualTo(12);
            assertThat(o.report.valid()).isEqualTo(1);
            assertThat(o.validText()).isEqualTo(record(99) + "\n");
            assertThat(o.report.invalidByReason()).containsOnly(
                    entry("not_json", 1L), entry("not_object", 1L), entry("blank_line", 1L), entry("missing_field", 1L),
                    entry("invalid_id", 2L), entry("invalid_timestamp", 1L), entry("empty_string", 1L),
                    entry("not_string", 1L), entry("invalid_count", 1L), entry("invalid_boolean", 1L));
        }
    }

    @Nested
    class LongLines {

        private String recordOfExactly(int bytes) {
            int base = utf8(Records.valid().with("text", "\"\"").line()).length;
            String line = Records.valid().with("text", TestJson.quote("a".repeat(bytes - base))).line();
            assertThat(utf8(line)).hasSize(bytes);
            return line;
        }

        @Test
        void lineOverOneMebibyteIsQuarantinedWithAnEightKibibyteSampleAndLaterLinesStillCount() {
            String huge = "{\"id\":\"1\",\"text\":\"" + "x".repeat(MAX + 1000) + "\"}";

            Outcome o = validate(utf8(record(0) + "\n" + huge + "\n" + record(2) + "\n" + record(3)));

            assertThat(o.report.lines()).isEqualTo(4);
            assertThat(o.report.valid()).isEqualTo(3);
            assertThat(o.report.invalidByReason()).containsExactly(entry(Problem.LINE_TOO_LONG, 1L));
            LinkedHashMap<String, Object> e = o.onlyEntry();
            assertThat(e).containsEntry("line", 2L).containsEntry("reason", "line_too_long").containsEntry("field", null);
            assertSampleOf(e.get("raw"), huge);
            assertThat(o.validText()).isEqualTo(record(0) + "\n" + record(2) + "\n" + record(3) + "\n");
        }

        @Test
        void lineOfExactlyTheMaximumIsAccepted() {
            String line = recordOfExactly(MAX);

            Outcome o = validate(utf8(line + "\r\n" + record(1) + "\n"));

            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.report.invalid()).isZero();
        }

        @Test
        void lineOfOneByteMoreThanTheMaximumIsTooLong() {
            String line = recordOfExactly(MAX + 1);

            Outcome o = validate(utf8(record(0) + "\n" + line + "\n" + record(2) + "\n"));

            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("reason", "line_too_long");
            assertSampleOf(o.onlyEntry().get("raw"), line);
        }

        @Test
        void tooLongFinalLineWithoutNewlineIsCounted() {
            Outcome o = validate(utf8(record(0) + "\n" + "y".repeat(3 * MAX)));

            assertThat(o.report.lines()).isEqualTo(2);
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("reason", "line_too_long");
        }

        @Test
        void longInvalidLineHasItsRawTruncated() {
            String bad = "{\"id\":\"1\",\"text\":\"" + "z".repeat(20_000) + "\"}";

            Outcome o = validate(utf8(bad + "\n"));

            assertThat(o.onlyEntry()).containsEntry("reason", "missing_field");
            assertSampleOf(o.onlyEntry().get("raw"), bad);
        }
    }

    @Nested
    class Utf8 {

        static java.util.stream.Stream<Arguments> badSequences() {
            return java.util.stream.Stream.of(
                    Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                    Arguments.of("0xFF", new byte[] {(byte) 0xff}),
                    Arguments.of("0xFE", new byte[] {(byte) 0xfe}),
                    Arguments.of("Latin-1 e acute", new byte[] {(byte) 0xe9, 'x'}),
                    Arguments.of("truncated 3-byte sequence", new byte[] {(byte) 0xe2, (byte) 0x82}),
                    Arguments.of("truncated 4-byte sequence", new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x9a}),
                    Arguments.of("overlong 2-byte slash", new byte[] {(byte) 0xc0, (byte) 0xaf}),
                    Arguments.of("overlong 2-byte NUL", new byte[] {(byte) 0xc0, (byte) 0x80}),
                    Arguments.of("overlong 3-byte slash", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}),
                    Arguments.of("overlong 4-byte", new byte[] {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}),
                    Arguments.of("high surrogate U+D800", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                    Arguments.of("low surrogate U+DFFF", new byte[] {(byte) 0xed, (byte) 0xbf, (byte) 0xbf}),
                    Arguments.of("CESU-8 surrogate pair", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0xbd, (byte) 0xed, (byte) 0xba, (byte) 0x80}),
                    Arguments.of("above U+10FFFF", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                    Arguments.of("5-byte form", new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badSequences")
        void invalidUtf8InsideARecordIsQuarantined(String name, byte[] bad) {
            String[] halves = Records.valid().with("text", "\"before@after\"").line().split("@");
            byte[] line = concat(utf8(halves[0]), bad, utf8(halves[1]));

            Outcome o = validate(concat(utf8(record(0) + "\n"), line, utf8("\n" + record(2) + "\n")));

            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.report.invalidByReason()).containsExactly(entry(Problem.INVALID_UTF8, 1L));
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("reason", "invalid_utf8").containsEntry("field", null);
            assertThat((String) o.onlyEntry().get("raw")).startsWith(halves[0]).endsWith(halves[1]).contains("\ufffd");
        }

        @Test
        void invalidUtf8AtTheVeryEndOfTheObjectIsQuarantined() {
            Outcome o = validate(concat(utf8(record(0) + "\n{\"a\":\""), new byte[] {(byte) 0xe2, (byte) 0x82}));

            assertThat(o.report.lines()).isEqualTo(2);
            assertThat(o.onlyEntry()).containsEntry("reason", "invalid_utf8");
        }

        @Test
        void wellFormedMultiByteCharactersOfEveryLengthAreValid() {
            String text = "\u00e9 \u20ac \u4e2d \ud83d\ude80 \udbff\udfff \ud800\udc00 \uffff \u0080 \u07ff \u0800";
            String line = Records.valid().with("text", TestJson.quote(text)).line();

            Outcome o = validate(utf8(line + "\n"));

            assertThat(o.report.valid()).isEqualTo(1);
            assertThat(o.valid).isEqualTo(utf8(line + "\n"));
        }
    }

    @Nested
    class Gzip {

        @Test
        void gzipIsDetectedByMagicAndGivesTheSameResultAsPlain() {
            String object = records(0, 50, "\r\n") + "\n" + Records.valid().with("verified", "2").line() + "\n" + record(60);
            Outcome plain = validate(utf8(object));

            Outcome gz = validate(gzip(utf8(object)));

            assertThat(gz.report.toString()).isEqualTo(plain.report.toString());
            assertThat(gz.valid).isEqualTo(plain.valid);
            assertThat(gz.quarantine).isEqualTo(plain.quarantine);
            assertThat(gz.report.valid()).isEqualTo(51);
            assertThat(gz.report.invalidByReason()).containsOnly(entry("blank_line", 1L), entry("invalid_boolean", 1L));
        }

        @Test
        void bomInsideGzipIsIgnored() {
            Outcome o = validate(gzip(concat(BOM, utf8(records(0, 2, "\n")))));

            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.validText()).isEqualTo(records(0, 2, "\n"));
        }

        @Test
        void emptyGzipHasNoLines() {
            Outcome o = validate(gzip(new byte[0]));

            assertThat(o.report.lines()).isZero();
            assertThat(o.report.unreadable()).isNull();
            assertThat(o.quarantine).isEmpty();
        }

        @Test
        void concatenatedGzipMembersAreReadAsOneObject() {
            byte[] object = concat(gzip(utf8(records(0, 3, "\n"))), gzip(utf8(records(3, 5, "\n"))));

            Outcome o = validate(object);

            assertThat(o.report.valid()).isEqualTo(5);
            assertThat(o.validText()).isEqualTo(records(0, 5, "\n"));
        }

        @Test
        void twoMembersThroughOneByteReadsWithNothingAvailableGiveEveryLineValid() {
            byte[] object = concat(gzip(utf8(records(0, 3, "\n"))), gzip(utf8(records(3, 6, "\n"))));

            Outcome o = validate(new OneByteInputStream(object));

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.lines()).isEqualTo(6);
            assertThat(o.report.valid()).isEqualTo(6);
            assertThat(o.validText()).isEqualTo(records(0, 6, "\n"));
            assertThat(o.quarantine).isEmpty();
        }

        @Test
        void manyMembersWithEmptyOnesAndABomThroughOneByteReadsGiveEveryLineValid() {
            List<byte[]> members = new ArrayList<>(List.of(gzip(BOM)));
            for (int i = 0; i < 10; i++) {
                members.add(gzip(utf8(records(i * 3, i * 3 + 3, "\n"))));
                members.add(gzip(new byte[0]));
            }

            Outcome o = validate(new OneByteInputStream(concat(members.toArray(new byte[0][]))));

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.valid()).isEqualTo(30);
            assertThat(o.validText()).isEqualTo(records(0, 30, "\n"));
        }

        @Test
        void bytesAfterTheLastMemberKeepTheLinesAndGetOneUnreadableEntrySayingWhere() {
            byte[] gz = concat(gzip(utf8(records(0, 2, "\n"))), gzip(utf8(records(2, 3, "\n"))));

            Outcome o = validate(new OneByteInputStream(concat(gz, utf8("not gzip :)\n"))));

            assertThat(o.report.valid()).isEqualTo(3);
            assertThat(o.validText()).isEqualTo(records(0, 3, "\n"));
            String message = "gzip data unreadable after 3 lines: 12 bytes after the last gzip member at byte " + gz.length + " are not gzip";
            assertThat(o.report.unreadable()).isEqualTo(message);
            assertThat(o.onlyEntry()).containsEntry("line", 4L).containsEntry("reason", "unreadable_object")
                    .containsEntry("message", message).containsEntry("raw", null);
        }

        @Test
        void zeroPaddingAfterTheLastMemberIsUnreadableToo() {
            byte[] gz = gzip(utf8(records(0, 2, "\n")));

            Outcome o = validate(concat(gz, new byte[1024]));

            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.onlyEntry()).containsEntry("line", 3L).containsEntry("reason", "unreadable_object")
                    .containsEntry("message", "gzip data unreadable after 2 lines: 1024 bytes after the last gzip member at byte "
                            + gz.length + " are not gzip (zero padding)");
        }

        @Test
        void gzipCutInsideItsHeaderSaysWhereAndNeverNull() {
            byte[] cut = Arrays.copyOf(gzip(utf8(records(0, 3, "\n"))), 7);

            Outcome o = validate(new OneByteInputStream(cut));

            assertThat(o.report.lines()).isZero();
            assertThat(o.onlyEntry()).containsEntry("line", 1L).containsEntry("reason", "unreadable_object")
                    .containsEntry("message", "gzip data unreadable after 0 lines: gzip header cut short at byte 7 of member 1");
            assertThat(o.report.unreadable()).doesNotContain("null");
        }

        @Test
        void partOfALineBeforeACutIsTheRawSampleOfTheUnreadableEntry() {
            byte[] member = gzip(utf8(record(0) + "\n" + record(1)));
            byte[] cut = Arrays.copyOf(member, member.length - 3);

            Outcome o = validate(cut);

            assertThat(o.report.valid()).isEqualTo(1);
            assertThat(o.onlyEntry()).containsEntry("line", 2L).containsEntry("raw", record(1))
                    .containsEntry("message", "gzip data unreadable after 1 lines: gzip trailer cut short at byte " + cut.length + " of member 1");
        }

        @Test
        void anExceptionWithoutAMessageIsDescribedByItsClass() {
            assertThat(ObjectValidator.describe(new java.util.zip.ZipException())).isEqualTo("java.util.zip.ZipException");
            assertThat(ObjectValidator.describe(new EOFException(" "))).isEqualTo("java.io.EOFException");
            assertThat(ObjectValidator.describe(new EOFException("cut"))).isEqualTo("cut");
        }

        @Test
        void aMessageLessEofFromTheStreamIsReportedByItsClassName() {
            InputStream cutOff = new java.io.SequenceInputStream(new ByteArrayInputStream(utf8(record(0) + "\n")), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new EOFException();
                }
            });

            Outcome o = validate(cutOff);

            assertThat(o.report.valid()).isEqualTo(1);
            assertThat(o.onlyEntry()).containsEntry("line", 2L)
                    .containsEntry("message", "gzip data unreadable after 1 lines: java.io.EOFException");
        }

        @Test
        void largeGzipCutInHalfKeepsTheLinesBeforeTheCut() {
            byte[] full = gzip(utf8(records(0, 1500, "\n")));

            assertTruncatedGzipKeepsItsHead(Arrays.copyOf(full, full.length / 2));
        }

        @Test
        void smallGzipCutAfterAFewLinesKeepsThem() {
            // Less than 8 KiB once gunzipped: the cut falls inside the first chunk of the data.
            String object = records(0, 10, "\n");
            assertThat(object.length()).isLessThan(8192);
            byte[] full = gzip(utf8(object));
            int cutAt = 10;
            while (countNewlines(gunzipAsFarAsPossible(Arrays.copyOf(full, cutAt))) < 3) {
                cutAt++;
            }
            assertThat(cutAt).isLessThan(full.length - 8);

            assertTruncatedGzipKeepsItsHead(Arrays.copyOf(full, cutAt));
        }

        private void assertTruncatedGzipKeepsItsHead(byte[] cut) {
            // What can be recovered before the cut: its complete lines must be kept.
            String recovered = new String(gunzipAsFarAsPossible(cut), UTF_8);
            int lastNewline = recovered.lastIndexOf('\n');
            assertThat(lastNewline).as("test precondition: some lines precede the cut").isPositive();
            String head = recovered.substring(0, lastNewline + 1);
            String partial = recovered.substring(lastNewline + 1);
            long headLines = head.chars().filter(c -> c == '\n').count();

            Outcome o = validate(cut);

            assertThat(o.report.unreadable()).isNotNull();
            assertThat(o.report.lines()).isEqualTo(headLines);
            assertThat(o.validText()).isEqualTo(validLinesOf(head));
            assertThat(o.report.valid()).isPositive();
            List<LinkedHashMap<String, Object>> entries = o.entries();
            LinkedHashMap<String, Object> e = entries.get(entries.size() - 1);
            assertThat(e).containsEntry("line", headLines + 1).containsEntry("reason", "unreadable_object").containsEntry("field", null);
            if (partial.isEmpty()) {
                assertThat(e.get("raw")).isNull();
            } else {
                assertThat(e.get("raw")).isEqualTo(partial.substring(0, Math.min(partial.length(), SAMPLE)));
            }
        }

        /** The lines of {@code text} that pass the record rules, each followed by a newline. */
        private String validLinesOf(String text) {
            StringBuilder sb = new StringBuilder();
            RecordValidator rules = new RecordValidator();
            for (String line : text.split("\n")) {
                if (rules.check(line) == null) {
                    sb.append(line).append('\n');
                }
            }
            return sb.toString();
        }

        @Test
        void gzipCutInsideItsHeaderIsUnreadableWithNoLines() {
            byte[] cut = Arrays.copyOf(gzip(utf8(records(0, 3, "\n"))), 6);

            Outcome o = validate(cut);

            assertThat(o.report.unreadable()).isNotNull();
            assertThat(o.report.lines()).isZero();
            assertThat(o.onlyEntry()).containsEntry("reason", "unreadable_object");
        }

        @Test
        void corruptGzipIsReportedNotThrown() {
            byte[] gz = gzip(utf8(records(0, 400, "\n")));
            for (int i = gz.length / 2; i < gz.length / 2 + 16; i++) {
                gz[i] ^= 0x5a;
            }

            Outcome o = validate(gz);

            assertThat(o.report.unreadable()).isNotNull();
            assertThat(o.entries()).extracting(e -> e.get("reason")).contains("unreadable_object");
        }
    }

    @Nested
    class Binary {

        /** Binary bytes are lines like any others: each is judged on its own, none condemns the object. */
        private void assertEveryLineQuarantinedOnItsOwn(byte[] object) {
            Outcome o = validate(object);

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.lines()).isPositive();
            assertThat(o.report.valid()).isZero();
            assertThat(o.report.invalid()).isEqualTo(o.report.lines());
            assertThat(o.valid).isEmpty();
            assertThat(o.entries()).extracting(e -> e.get("reason")).doesNotContain("unreadable_object");
        }

        private byte[] png() {
            byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R',
                0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};
            byte[] body = new byte[2048];
            new Random(9).nextBytes(body);
            return concat(header, body);
        }

        @Test
        void pngHasEveryLineQuarantinedOnItsOwn() {
            assertEveryLineQuarantinedOnItsOwn(png());
        }

        @Test
        void randomBytesHaveEveryLineQuarantinedOnItsOwn() {
            byte[] noise = new byte[64 * 1024];
            new Random(2026).nextBytes(noise);
            noise[0] = 'B'; // not a gzip magic by accident
            assertThat(noise).as("precondition").contains((byte) 0);

            assertEveryLineQuarantinedOnItsOwn(noise);
        }

        @Test
        void gzippedBinaryHasEveryLineQuarantinedOnItsOwn() {
            assertEveryLineQuarantinedOnItsOwn(gzip(png()));
        }

        @Test
        void aNulLineUpFrontNoLongerLosesTheLinesAfterIt() {
            Outcome o = validate(concat(utf8(record(0) + "\n"), new byte[] {0}, utf8("\n" + record(1) + "\n")));

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.validText()).isEqualTo(record(0) + "\n" + record(1) + "\n");
            assertThat(o.onlyEntry()).containsEntry("line", 2L);
        }

        @Test
        void aNulByteInLineOneOfThreeNoLongerLosesLinesTwoAndThree() {
            String[] halves = record(0).split("post #0");
            byte[] first = concat(utf8(halves[0] + "post"), new byte[] {0}, utf8("#0" + halves[1]));

            Outcome o = validate(concat(first, utf8("\n" + record(1) + "\n" + record(2) + "\n")));

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.lines()).isEqualTo(3);
            assertThat(o.validText()).endsWith(record(1) + "\n" + record(2) + "\n");
            assertThat(o.entries()).extracting(e -> e.get("line")).doesNotContain(2L, 3L);
        }

        @Test
        void aNulByteInsideGzipNoLongerLosesTheOtherLines() {
            Outcome o = validate(gzip(concat(utf8(record(0) + "\n"), new byte[] {'{', 0, '}', '\n'}, utf8(record(1) + "\n"))));

            assertThat(o.report.unreadable()).isNull();
            assertThat(o.report.valid()).isEqualTo(2);
            assertThat(o.onlyEntry()).containsEntry("line", 2L);
        }
    }

    @Nested
    class Determinism {

        private byte[] mixedObject() {
            return concat(BOM, utf8(records(0, 20, "\r\n")), utf8("\n   \n[1]\n"),
                    utf8(Records.valid().with("created_at", "\"now\"").line() + "\n"),
                    new byte[] {'{', (byte) 0xc0, (byte) 0xaf, '}', '\n'},
                    utf8("{\"text\":\"" + "q".repeat(MAX) + "\"}\n"), utf8(records(20, 30, "\n")));
        }

        @Test
        void sameInputGivesByteIdenticalOutputs() {
            Outcome first = validate(mixedObject());
            Outcome second = validate(mixedObject());

            assertThat(second.valid).isEqualTo(first.valid);
            assertThat(second.quarantine).isEqualTo(first.quarantine);
            assertThat(second.report.toString()).isEqualTo(first.report.toString());
            assertThat(first.report.lines()).isEqualTo(36);
            assertThat(first.report.valid()).isEqualTo(30);
        }

        @Test
        void sameGzippedInputGivesByteIdenticalOutputsIncludingTheUnreadableEntry() {
            byte[] gz = gzip(mixedObject());
            byte[] cut = Arrays.copyOf(gz, gz.length * 2 / 3);

            Outcome first = validate(cut);
            Outcome second = validate(cut);

            assertThat(first.report.unreadable()).isNotNull();
            assertThat(second.valid).isEqualTo(first.valid);
            assertThat(second.quarantine).isEqualTo(first.quarantine);
        }

        @Test
        void tinyReadsGiveTheSameOutputsAsWholeReads() {
            byte[] object = mixedObject();
            Outcome whole = validate(object);

            for (byte[] variant : List.of(object, gzip(object))) {
                Outcome trickled = validate(new TricklingInputStream(variant, 11));
                assertThat(trickled.valid).isEqualTo(whole.valid);
                assertThat(trickled.quarantine).isEqualTo(whole.quarantine);
                assertThat(trickled.report.toString()).isEqualTo(whole.report.toString());
            }
        }
    }

    @Test
    void badLinesNeverThrow() {
        Random random = new Random(77);
        byte[] alphabet = utf8("{}[]\":,0123456789.-eE truefalsnul\\u\r\n\t idtextscreenname");
        for (int i = 0; i < 100; i++) {
            byte[] object = new byte[random.nextInt(400)];
            for (int k = 0; k < object.length; k++) {
                object[k] = random.nextInt(20) == 0 ? (byte) (0x80 + random.nextInt(128)) : alphabet[random.nextInt(alphabet.length)];
            }
            assertThatCode(() -> validate(object)).doesNotThrowAnyException();
        }
    }

    @Test
    void reportMapIsReadOnly() {
        Map<String, Long> reasons = validate(utf8("[]\n")).report.invalidByReason();

        assertThat(reasons).containsExactly(entry("not_object", 1L));
        assertThatThrownBy(() -> reasons.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMixedMultiMemberObjectReadOneByteAtATimeQuarantinesExactlyTheBadLinesAndKeepsEveryGoodOne() {
        String good = record(0);
        String last = record(9);
        byte[] bad1 = concat(BOM, utf8(record(1)));                                         // a BOM on line 2
        byte[] bad2 = utf8(good.replace("\"text\":\"", "\"text\":\"\\ud83d"));          // an unpaired surrogate
        byte[] bad3 = record(3).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);         // UTF-16
        byte[] bad4 = utf8(record(4).replaceFirst(",", ",\u0000"));                          // a NUL byte
        byte[] bad5 = utf8(record(5).replace("}", ",\"id\":\"5\"}"));                    // a duplicate key
        byte[] nl = {'\n'};
        byte[] first = concat(utf8(good), nl, bad1, nl, bad2, nl, utf8(record(6)), nl);
        byte[] second = concat(bad3, nl, bad4, nl, utf8(record(7)), nl, bad5, nl, utf8(record(8)), nl, utf8(last), nl);
        byte[] object = concat(gzip(first), gzip(second));

        Outcome o = validate(new OneByteInputStream(object));

        assertThat(o.report.unreadable()).isNull();
        assertThat(o.report.lines()).isEqualTo(10);
        assertThat(o.validText()).isEqualTo(String.join("\n", good, record(6), record(7), record(8), last) + "\n");
        assertThat(o.entries()).extracting(e -> e.get("line") + " " + e.get("reason")).containsExactly(
                "2 byte_order_mark", "3 unpaired_surrogate", "5 invalid_utf8", "6 control_character", "8 duplicate_key");
    }
}
