package io.twt.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.validate.RecordValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written encoder against Jackson's reading of what it wrote. */
class RecordJsonEncodingTest {

    private static final RecordJson JSON = new RecordJson();

    @Test
    void randomTextsRoundTripThroughJackson() throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(0, 60);
            for (int k = 0; k < n; k++) {
                switch (rnd.nextInt(6)) {
                    case 0: sb.append((char) rnd.nextInt(0, 0x20)); break;           // control characters
                    case 1: sb.append("\"\\/".charAt(rnd.nextInt(3))); break;
                    case 2: sb.append((char) rnd.nextInt(0x80, 0x800)); break;        // 2-byte UTF-8
                    case 3: sb.append((char) rnd.nextInt(0x800, 0xd800)); break;      // 3-byte UTF-8
                    case 4: sb.appendCodePoint(rnd.nextInt(0x10000, 0x110000)); break; // 4-byte UTF-8
                    default: sb.append((char) rnd.nextInt(0x20, 0x7f));
                }
            }
            String text = sb.toString();
            assertThat(readText(JSON.toBytes(record(text)))).isEqualTo(text.replace('\u0000', '\ufffd'));
        }
    }

    @Test
    void aNulCharacterBecomesTheReplacementCharacterSoTheLinePassesTheRecordRules() throws IOException {
        byte[] line = JSON.toBytes(record("nul\u0000here"));
        assertThat(readText(line)).isEqualTo("nul\ufffdhere");
        assertThat(new RecordValidator().check(line, 0, line.length)).isNull();
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkSoTheLineStaysValidUtf8() throws IOException {
        byte[] line = JSON.toBytes(record("rocket \ud83d here"));
        assertThat(readText(line)).isEqualTo("rocket ? here");
        assertThat(new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).isEqualTo(line);
    }

    @Test
    void countersOfEveryMagnitudeAreWrittenExactly() throws IOException {
        for (long v : new long[] {0, 7, 10, 99, 100, 123_456_789, Long.MAX_VALUE}) {
            TweetRecord r = new TweetRecord("1", Instant.EPOCH, "a", "A", v, v, v, v, v, false, "none", "t", v, v, v, v, null);
            try (JsonParser p = new JsonFactory().createParser(JSON.toBytes(r))) {
                int counters = 0;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        assertThat(p.getLongValue()).isEqualTo(v);
                        counters++;
                    }
                }
                assertThat(counters).isEqualTo(9);
            }
        }
    }

    private static TweetRecord record(String text) {
        return new TweetRecord("1900000000000000001", Instant.parse("2026-03-01T12:00:09Z"), "ada", "Ada", 1, 2, 3, 4, 5,
                true, "blue", text, 6, 7, 8, 9, "42");
    }

    private static String readText(byte[] line) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(line)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "text".equals(p.currentName())) {
                    p.nextToken();
                    return p.getText();
                }
            }
        }
        throw new AssertionError("no text in " + new String(line, StandardCharsets.UTF_8));
    }
}
