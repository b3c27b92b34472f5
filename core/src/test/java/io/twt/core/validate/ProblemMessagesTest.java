package io.twt.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What a quarantined line's entry says: the message names what is wrong and where, so an operator
 * can fix the producer without reading code. Also the exact edges of the byte rules (surrogate
 * ranges, UTF-8 sequence limits), where an off-by-one would let through what Snowflake refuses.
 */
class ProblemMessagesTest {

    private final RecordValidator validator = new RecordValidator();

    private Problem check(String line) {
        return validator.check(line);
    }

    private Problem checkBytes(byte[] line) {
        return validator.check(line, 0, line.length);
    }

    /** A valid record whose text holds the given raw bytes (already UTF-8 or deliberately not). */
    private static byte[] recordWithTextBytes(byte[] text) {
        String line = Records.valid().with("username", "\"plain\"").with("text", "\"@@\"").line();
        int at = line.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] before = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = line.substring(at + 2).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(before);
        out.writeBytes(text);
        out.writeBytes(after);
        return out.toByteArray();
    }

    @Test
    void aProblemReadsAsItsCodeItsFieldAndItsMessage() {
        assertThat(Problem.of(Problem.INVALID_ID, "id", "bad").toString()).isEqualTo("invalid_id (id): bad");
        assertThat(Problem.of(Problem.NOT_JSON, null, "bad").toString()).isEqualTo("not_json: bad");
    }

    @Test
    void anObjectReportReadsAsItsCountsReasonsAndWhyItWasUnreadable() {
        ObjectReport report = new ObjectReport();
        report.countValid();
        report.countInvalid(Problem.INVALID_ID);
        report.countInvalid(Problem.INVALID_ID);
        assertThat(report).hasToString("lines=3 valid=1 invalid=2 reasons={invalid_id=2}");

        report.markUnreadable("gzip data cut short in member 1 at byte 40");
        assertThat(report).hasToString("lines=3 valid=1 invalid=2 reasons={invalid_id=2} unreadable=gzip data cut short in member 1 at byte 40");
    }

    @Test
    void aLineThatIsNotAnObjectSaysWhatItIs() {
        assertThat(check("[1, 2]").message()).isEqualTo("the line is a JSON array, not an object");
        assertThat(check("\"text\"").message()).isEqualTo("the line is a JSON string, not an object");
        assertThat(check("42").message()).isEqualTo("the line is a JSON number, not an object");
        assertThat(check("4.2").message()).isEqualTo("the line is a JSON number, not an object");
        assertThat(check("true").message()).isEqualTo("the line is a JSON boolean, not an object");
        assertThat(check("false").message()).isEqualTo("the line is a JSON boolean, not an object");
        assertThat(check("null").message()).isEqualTo("the line is a JSON null, not an object");
    }

    @Test
    void aWrongValueIsQuotedShortOrNamedByItsKind() {
        assertThat(check(Records.valid().with("id", "\"12ab\"").line()).message())
                .isEqualTo("\"id\" must be a string of 1 to 19 digits, got \"12ab\"");
        assertThat(check(Records.valid().with("id", "12").line()).message())
                .isEqualTo("\"id\" must be a string of 1 to 19 digits, got 12");
        assertThat(check(Records.valid().with("id", "{\"a\": 1}").line()).message())
                .isEqualTo("\"id\" must be a string of 1 to 19 digits, got object");
        assertThat(check(Records.valid().with("id", "[1]").line()).message())
                .isEqualTo("\"id\" must be a string of 1 to 19 digits, got array");
        assertThat(check(Records.valid().with("text", "null").line()).message())
                .isEqualTo("\"text\" must be a string, got null");
        assertThat(check(Records.valid().with("verified", "\"yes\"").line()).message())
                .isEqualTo("\"verified\" must be true or false, got \"yes\"");
        assertThat(check(Records.valid().with("user_listed_count", "true").line()).message())
                .isEqualTo("\"user_listed_count\" must be an integer from 0 to 2^63-1, got boolean");
        assertThat(check(Records.valid().with("user_listed_count", "false").line()).message())
                .isEqualTo("\"user_listed_count\" must be an integer from 0 to 2^63-1, got boolean");
    }

    @Test
    void aLongValueIsCutToFortyCharactersInTheMessage() {
        String forty = "a".repeat(40);

        assertThat(check(Records.valid().with("id", "\"" + forty + "\"").line()).message()).endsWith("got \"" + forty + "\"");
        assertThat(check(Records.valid().with("id", "\"" + forty + "b\"").line()).message()).endsWith("got \"" + forty + "…\"");
    }

    @Test
    void aByteLevelProblemNamesTheByteWhereItIs() {
        byte[] line = recordWithTextBytes(new byte[] {'x', (byte) 0xc3});
        int at = indexOf(line, (byte) 0xc3);

        assertThat(checkBytes(line).message()).isEqualTo("invalid UTF-8 at byte " + at + " of the line");
        assertThat(check("{\"a\":\u0001}").message()).isEqualTo("control byte 0x01 at byte 5 of the line");
        assertThat(check("{\"a\":\"\u001f\"}").message()).isEqualTo("control byte 0x1F at byte 6 of the line, inside a string");
        assertThat(check("{\"a\":\"\\u0000\"}").message()).isEqualTo("a \\u0000 escape at byte 6 of the line");
        assertThat(check("{\"a\":\"\\udc00\"}").message())
                .isEqualTo("the escape \\udc00 at byte 6 of the line is half of a surrogate pair without its other half");
    }

    @Test
    void aLineWithAUtf16ByteOrderMarkIsToldItIsNotUtf8() {
        byte[] le = {(byte) 0xff, (byte) 0xfe, '{', 0, '}', 0};
        byte[] be = {(byte) 0xfe, (byte) 0xff, 0, '{', 0, '}'};
        byte[] latin1 = {(byte) 0xfe, 'x', '{', '}'};

        assertThat(checkBytes(le).message()).isEqualTo("invalid UTF-8 at byte 0 of the line (a UTF-16 or UTF-32 byte order mark; records must be UTF-8)");
        assertThat(checkBytes(be).message()).isEqualTo("invalid UTF-8 at byte 0 of the line (a UTF-16 or UTF-32 byte order mark; records must be UTF-8)");
        assertThat(checkBytes(latin1).message()).isEqualTo("invalid UTF-8 at byte 0 of the line");
        assertThat(checkBytes(new byte[] {(byte) 0xff}).message()).isEqualTo("invalid UTF-8 at byte 0 of the line");
    }

    @Test
    void aUtf16LineWithoutAByteOrderMarkIsNamedByItsNulBytes() {
        byte[] le = "{}".getBytes(StandardCharsets.UTF_16LE);
        byte[] be = "{}".getBytes(StandardCharsets.UTF_16BE);

        assertThat(checkBytes(le).code()).isEqualTo(Problem.INVALID_UTF8);
        assertThat(checkBytes(be).message()).startsWith("the line is UTF-16 or UTF-32 text");
        assertThat(checkBytes(new byte[] {'{', 'a', 0}).code()).as("a NUL further in is a control byte").isEqualTo(Problem.CONTROL_CHARACTER);
        assertThat(checkBytes(new byte[] {0}).code()).as("one NUL byte is no UTF-16").isEqualTo(Problem.CONTROL_CHARACTER);
    }

    /** Escapes at and around the surrogate ranges D800–DBFF (high) and DC00–DFFF (low). */
    @ParameterizedTest(name = "\\u{0} alone: {1}")
    @CsvSource({
        "d7ff, ok", "d800, unpaired_surrogate", "dbff, unpaired_surrogate",
        "dc00, unpaired_surrogate", "dfff, unpaired_surrogate", "e000, ok"})
    void escapesAtTheEdgesOfTheSurrogateRanges(String unit, String expected) {
        Problem p = check(Records.valid().with("text", "\"a\\u" + unit + "b\"").line());

        assertThat(p == null ? "ok" : p.code()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\\u{0}\\u{1}: {2}")
    @CsvSource({
        "d800, dc00, ok", "dbff, dfff, ok", "d800, dbff, unpaired_surrogate",
        "d800, e000, unpaired_surrogate", "d800, 0041, unpaired_surrogate"})
    void aHighSurrogateEscapeNeedsALowOneRightAfter(String high, String low, String expected) {
        Problem p = check(Records.valid().with("text", "\"\\u" + high + "\\u" + low + "\"").line());

        assertThat(p == null ? "ok" : p.code()).isEqualTo(expected);
    }

    /** UTF-8 sequences at the edges of what is well formed (RFC 3629). */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "c280, ok", "c1bf, invalid_utf8", "dfbf, ok",
        "e0a080, ok", "e09fbf, invalid_utf8", "ed9fbf, ok", "eda080, invalid_utf8", "edbfbf, invalid_utf8", "ee8080, ok",
        "efbfbf, ok",
        "f0908080, ok", "f08fbfbf, invalid_utf8", "f48fbfbf, ok", "f4908080, invalid_utf8", "f5808080, invalid_utf8",
        "c228, invalid_utf8", "e28228, invalid_utf8", "80, invalid_utf8"})
    void utf8SequencesAtTheEdgesOfWellFormed(String hex, String expected) {
        Problem p = checkBytes(recordWithTextBytes(HexFormat.of().parseHex(hex)));

        assertThat(p == null ? "ok" : p.code()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "a line ending in {0}")
    @CsvSource({"c3", "e282", "f09f98"})
    void aSequenceCutByTheEndOfTheLineIsInvalid(String hex) {
        byte[] cut = HexFormat.of().parseHex(hex);
        byte[] line = new byte[cut.length + 1];
        line[0] = '{';
        System.arraycopy(cut, 0, line, 1, cut.length);

        assertThat(checkBytes(line).code()).isEqualTo(Problem.INVALID_UTF8);
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
