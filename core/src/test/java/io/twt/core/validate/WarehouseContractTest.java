package io.twt.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.RecordField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator is at least as strict as the warehouse: every line it accepts, DuckDB parses and
 * the refresh's casts take; every line either engine refuses, it refuses with a reason. DuckDB's
 * parser runs here for real; Snowflake's rules (duplicate keys, number range) are its documented
 * defaults, cited in {@link RecordValidator}.
 */
class WarehouseContractTest {

    private static final RecordValidator RULES = new RecordValidator();
    private static Connection duck;

    @BeforeAll
    static void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    private static String valid() {
        return Records.valid().line();
    }

    /** The valid record with {@code json} (raw JSON members) added before its closing brace. */
    private static String plus(String json) {
        String line = valid();
        return line.substring(0, line.length() - 1) + "," + json + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<Arguments> linesTheWarehouseRefuses() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        String line = valid();
        return Stream.of(
                Arguments.of("a lone high surrogate escape", utf8(plus("\"x\":\"\\ud83d\"")), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("a lone low surrogate escape", utf8(plus("\"x\":\"\\uDE00\"")), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("a high surrogate escape followed by a character", utf8(plus("\"x\":\"\\ud83dA\"")), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("two high surrogate escapes", utf8(plus("\"x\":\"\\ud83d\\ud83d\"")), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("a lone surrogate escape in a key", utf8(plus("\"\\ud83d\":1")), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("a lone surrogate escape in the text", utf8(Records.valid().with("text", "\"\\ud83d\"").line()), Problem.UNPAIRED_SURROGATE, null),
                Arguments.of("a byte order mark before the object", concat(bom, utf8(line)), Problem.BYTE_ORDER_MARK, null),
                Arguments.of("a UTF-16LE line", line.getBytes(StandardCharsets.UTF_16LE), Problem.INVALID_UTF8, null),
                Arguments.of("a UTF-16BE line", line.getBytes(StandardCharsets.UTF_16BE), Problem.INVALID_UTF8, null),
                Arguments.of("a UTF-16 line with its byte order mark", line.getBytes(StandardCharsets.UTF_16), Problem.INVALID_UTF8, null),
                Arguments.of("a UTF-32LE line", line.getBytes(Charset.forName("UTF-32LE")), Problem.INVALID_UTF8, null),
                Arguments.of("a UTF-32BE line", line.getBytes(Charset.forName("UTF-32BE")), Problem.INVALID_UTF8, null),
                Arguments.of("an overlong encoding of a slash", concat(utf8(line.substring(0, line.length() - 1) + ",\"x\":\""),
                        new byte[] {(byte) 0xc0, (byte) 0xaf}, utf8("\"}")), Problem.INVALID_UTF8, null),
                Arguments.of("an encoded surrogate", concat(utf8(line.substring(0, line.length() - 1) + ",\"x\":\""),
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\"}")), Problem.INVALID_UTF8, null),
                Arguments.of("a NUL byte after the object", concat(utf8(line), new byte[] {0}), Problem.CONTROL_CHARACTER, null),
                Arguments.of("a NUL byte between members", utf8(line.replaceFirst(",", ",\u0000")), Problem.CONTROL_CHARACTER, null),
                Arguments.of("a raw control byte inside a string", utf8(plus("\"x\":\"a\u0001b\"")), Problem.CONTROL_CHARACTER, null),
                Arguments.of("a raw tab inside a string", utf8(plus("\"x\":\"a\tb\"")), Problem.CONTROL_CHARACTER, null),
                Arguments.of("a \\u0000 escape", utf8(plus("\"x\":\"a\\u0000b\"")), Problem.CONTROL_CHARACTER, null),
                Arguments.of("a record field twice", utf8(plus("\"id\":\"2\"")), Problem.DUPLICATE_KEY, "id"),
                Arguments.of("an extra key twice", utf8(plus("\"x\":1,\"x\":2")), Problem.DUPLICATE_KEY, "x"),
                Arguments.of("a key twice in a nested object", utf8(plus("\"x\":{\"a\":[{\"b\":1,\"b\":2}]}")), Problem.DUPLICATE_KEY, "x.a.b"),
                Arguments.of("nesting one deeper than the limit", utf8(plus("\"x\":" + nested(RecordValidator.MAX_DEPTH))), Problem.TOO_DEEP, "x"),
                Arguments.of("a number beyond a double", utf8(plus("\"x\":1e400")), Problem.NUMBER_OUT_OF_RANGE, "x"),
                Arguments.of("a negative number beyond a double", utf8(plus("\"x\":{\"y\":[-1e400]}")), Problem.NUMBER_OUT_OF_RANGE, "x.y"),
                Arguments.of("an integer beyond a double", utf8(plus("\"x\":1" + "0".repeat(400))), Problem.NUMBER_OUT_OF_RANGE, "x"),
                Arguments.of("a trailing comma", utf8(line.substring(0, line.length() - 1) + ",}"), Problem.NOT_JSON, null),
                Arguments.of("NaN", utf8(plus("\"x\":NaN")), Problem.NOT_JSON, null),
                Arguments.of("a comment", utf8(plus("\"x\":1/*c*/")), Problem.NOT_JSON, null),
                Arguments.of("single quotes", utf8(plus("'x':1")), Problem.NOT_JSON, null),
                Arguments.of("a leading zero", utf8(plus("\"x\":01")), Problem.NOT_JSON, null),
                Arguments.of("two objects on one line", utf8(line + line), Problem.NOT_JSON, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linesTheWarehouseRefuses")
    void aLineTheWarehouseWouldRefuseIsRefusedWithItsReason(String what, byte[] line, String reason, String field) {
        Problem p = RULES.check(line, 0, line.length);

        assertThat(p).as(what).isNotNull();
        assertThat(p.code()).as(what + ": " + p).isEqualTo(reason);
        assertThat(p.field()).as(what).isEqualTo(field);
        assertThat(p.message()).as(what).isNotBlank().doesNotContain("null");
    }

    @Test
    void theCasesDuckDbRefusesAreTheOnesTheIssueFoundPoisoningTheRefresh() throws SQLException {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        assertThat(duckDbParses(utf8(plus("\"x\":\"\\ud83d\"")))).isFalse();
        assertThat(duckDbParses(utf8(plus("\"x\":\"\\ude00\"")))).isFalse();
        assertThat(duckDbParses(concat(bom, utf8(valid())))).isFalse();
        assertThat(duckDbParses(utf8(plus("\"x\":\"a\u0001b\"")))).isFalse();
        // What DuckDB takes but Snowflake refuses by default, so the validator refuses too.
        assertThat(duckDbParses(utf8(plus("\"id\":\"2\"")))).isTrue();
    }

    static Stream<Arguments> oddLinesBothEnginesRead() {
        return Stream.of(
                Arguments.of("a surrogate pair written as escapes", plus("\"x\":\"\\ud83d\\ude00\\uD83D\\uDE00\"")),
                Arguments.of("a byte order mark character inside a string", plus("\"x\":\"a\ufeffb\"")),
                Arguments.of("nesting at the limit", plus("\"x\":" + nested(RecordValidator.MAX_DEPTH - 1))),
                Arguments.of("an integer of 45 digits", plus("\"x\":123456789012345678901234567890123456789012345")),
                Arguments.of("the largest double", plus("\"x\":1.7976931348623157e308")),
                Arguments.of("a tiny double", plus("\"x\":1e-400")),
                Arguments.of("tabs and carriage returns between tokens", valid().replace(",", "\t,\r ")),
                Arguments.of("escapes of every kind", plus("\"x\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u001f\"")),
                Arguments.of("the same key in two different objects", plus("\"x\":{\"a\":1},\"y\":{\"a\":1},\"z\":[{\"a\":1},{\"a\":2}]")),
                Arguments.of("extra keys named like X's", plus("\"user\":{\"id\":1},\"data\":[],\"includes\":\"x\",\"retweet_count\":-5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddLinesBothEnginesRead")
    void anOddButValidLineIsAcceptedAndDuckDbReadsItsFields(String what, String line) throws SQLException {
        assertThat(RULES.check(line)).as(what).isNull();
        assertThat(duckDbParses(utf8(line))).as(what).isTrue();
        assertThat(duckDbCastsEveryField(utf8(line))).as(what).isTrue();
    }

    /**
     * Ten thousand lines made from a valid record by one random byte change each: whatever the
     * validator accepts, DuckDB parses and the refresh casts; and every refusal names its reason.
     */
    @Test
    void everyMutantTheValidatorAcceptsDuckDbParses() throws SQLException {
        Random random = new Random(12);
        byte[] base = utf8(valid());
        byte[] specials = {0, 1, '\t', '\r', '"', '\\', 'u', ',', ':', '{', '}', '[', ']', ' ', '0', '9', 'e', '-',
            (byte) 0xc0, (byte) 0xed, (byte) 0xef, (byte) 0xbb, (byte) 0xbf, (byte) 0xf5, (byte) 0x80, (byte) 0xff};
        int accepted = 0;
        for (int n = 0; n < 10_000; n++) {
            byte[] line = mutate(base, random, specials);
            Problem p = RULES.check(line, 0, line.length);
            if (p == null) {
                accepted++;
                assertThat(duckDbParses(line)).as("accepted but DuckDB refuses: %s", new String(line, StandardCharsets.UTF_8)).isTrue();
                assertThat(duckDbCastsEveryField(line)).as("accepted but a cast fails: %s", new String(line, StandardCharsets.UTF_8)).isTrue();
            } else {
                assertThat(p.code()).isNotBlank();
            }
        }
        assertThat(accepted).as("some mutants stay valid (inside strings, for example)").isBetween(100, 9_900);
    }

    private static final byte[][] INSERTS = {utf8("\\ud83d"), utf8("\\ude00"), utf8("\\u0000"), utf8("\ufeff"),
        utf8("\\ud83d\\ude00"), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8("1e999"), utf8("\"id\":\"1\","),
        new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, new byte[] {'{', 0}};

    private static byte[] mutate(byte[] base, Random random, byte[] specials) {
        int at = random.nextInt(base.length);
        byte b = random.nextBoolean() ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
        switch (random.nextInt(4)) {
            case 3: {
                byte[] insert = INSERTS[random.nextInt(INSERTS.length)];
                return concat(Arrays.copyOf(base, at), insert, Arrays.copyOfRange(base, at, base.length));
            }
            case 0: {
                byte[] out = base.clone();
                out[at] = b;
                return out;
            }
            case 1: {
                byte[] out = new byte[base.length + 1];
                System.arraycopy(base, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(base, at, out, at + 1, base.length - at);
                return out;
            }
            default: {
                byte[] out = new byte[base.length - 1];
                System.arraycopy(base, 0, out, 0, at);
                System.arraycopy(base, at + 1, out, at, base.length - at - 1);
                return out;
            }
        }
    }

    private static boolean duckDbParses(byte[] line) throws SQLException {
        try (PreparedStatement ps = duck.prepareStatement("SELECT json_valid(decode(?))")) {
            ps.setBytes(1, line);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false; // decode refuses bytes that are not UTF-8, as the JSON column would
        }
    }


    /** The casts of the local refresh's parse step, as they stood before it learned to route rows. */
    private static boolean duckDbCastsEveryField(byte[] line) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (RecordField f : RecordField.values()) {
            String v = "json_extract_string(j, '$." + f.key() + "')";
            switch (f.kind()) {
                case TIMESTAMP: sql.append("CAST(").append(v).append(" AS TIMESTAMPTZ)"); break;
                case COUNT: sql.append("CAST(").append(v).append(" AS BIGINT)"); break;
                case BOOLEAN: sql.append("CAST(").append(v).append(" AS BOOLEAN)"); break;
                case ID:
                case OPTIONAL_ID: sql.append("CAST(").append(v).append(" AS HUGEINT)"); break;
                default: sql.append(v);
            }
            sql.append(", ");
        }
        sql.append("1 FROM (SELECT CAST(decode(?) AS JSON) AS j)");
        try (PreparedStatement ps = duck.prepareStatement(sql.toString())) {
            ps.setBytes(1, line);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
