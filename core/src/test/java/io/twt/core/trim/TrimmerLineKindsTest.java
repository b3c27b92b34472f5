package io.twt.core.trim;

import static io.twt.core.record.TestJson.fixtureLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.twt.core.validate.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Control messages, keep-alives, pass-through and unusable lines (spec points 4 to 6). */
class TrimmerLineKindsTest {

    private final Trimmer auto = new Trimmer(InputFormat.AUTO);

    @Nested
    class Control {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "scrub_geo       | {\"scrub_geo\":{\"user_id\":2244994945,\"user_id_str\":\"2244994945\",\"up_to_status_id\":1896215732465139712,\"up_to_status_id_str\":\"1896215732465139712\"}}",
            "limit           | {\"limit\":{\"track\":1234,\"timestamp_ms\":\"1772366409000\"}}",
            "disconnect      | {\"disconnect\":{\"code\":4,\"stream_name\":\"filter\",\"reason\":\"Stall detected\"}}",
            "warning         | {\"warning\":{\"code\":\"FALLING_BEHIND\",\"message\":\"Your connection is falling behind\",\"percent_full\":60}}",
            "event           | {\"event\":\"favorite\",\"created_at\":\"Sun Mar 01 12:00:09 +0000 2026\",\"source\":{\"id\":1},\"target\":{\"id\":2}}",
            "friends         | {\"friends\":[11348282,783214,2244994945]}"
        })
        void v1ControlMessagesAreControlNamedByTheirKey(String type, String line) {
            assertThat(Trim.control(auto.trim(line))).isEqualTo(type);
            assertThat(Trim.control(new Trimmer(InputFormat.V1).trim(line))).isEqualTo(type);
        }

        @Test
        void v2ErrorsOnlyLineIsControlNamedByTheFirstErrorsTitle() {
            String line = "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\","
                    + "\"detail\":\"This stream has been disconnected upstream for operational reasons.\","
                    + "\"type\":\"https://api.twitter.com/2/problems/operational-disconnect\"},"
                    + "{\"title\":\"second-error\",\"type\":\"https://api.twitter.com/2/problems/other\"}]}";

            assertThat(Trim.control(auto.trim(line))).isEqualTo("operational-disconnect");
            assertThat(Trim.control(new Trimmer(InputFormat.V2).trim(line))).isEqualTo("operational-disconnect");
        }

        @Test
        void v2ErrorWithoutTitleIsStillControl() {
            String line = "{\"errors\":[{\"detail\":\"Something went wrong\"}]}";

            assertThat(Trim.control(auto.trim(line))).isNotBlank();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "{\"errors\":[{\"type\":\"https://api.twitter.com/2/problems/x\",\"detail\":\"d\"}]} | https://api.twitter.com/2/problems/x",
            "{\"errors\":[{\"detail\":\"d\",\"type\":7,\"title\":[\"t\"]}]}                  | errors",
            "{\"errors\":\"boom\"}                                                            | errors",
            "{\"errors\":[7,{\"title\":\"first-object\"},{\"title\":\"second\"}]}               | first-object"
        })
        void v2ErrorsAreNamedByTheFirstErrorsStringTitleElseItsStringTypeElseErrors(String line, String type) {
            assertThat(Trim.control(auto.trim(line))).isEqualTo(type);
        }
    }

    @Nested
    class KeepAlive {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"", " ", "\r", "\n", "\r\n", "\t", "  \t \r"})
        void blankLinesAreKeepAlives(String line) {
            TrimResult r = auto.trim(line);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.KEEPALIVE);
            assertThat(r.json()).isNull();
            assertThat(r.problem()).isNull();
        }

        @ParameterizedTest
        @EnumSource(InputFormat.class)
        void blankLinesAreKeepAlivesInEveryFormat(InputFormat format) {
            assertThat(new Trimmer(format).trim("\r").kind()).isEqualTo(TrimResult.Kind.KEEPALIVE);
        }
    }

    @Nested
    class PassThrough {

        @Test
        void trimmedRecordIsPassedThroughByteForByte() {
            // Unusual but legal spacing and escapes that a re-serialisation would change.
            String line = "{ \"screenname\" : \"x\",\"id\":\"1\", \"text\":\"caf\\u00e9 \\/ \\\"q\\\"\", \"user_id\" : null ,"
                    + "\"tweet_quote_count\":1E2}";

            TrimResult r = auto.trim(line);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.POST);
            assertThat(r.jsonString()).isEqualTo(line);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "{\"screenname\":\"\"}",
            "{\"screenname\":42,\"id\":\"not digits\"}",
            "{\"screenname\":null,\"created_at\":\"yesterday\",\"verified\":\"maybe\"}",
            "{\"id\":\"1\",\"screenname\":\"x\",\"extra\":{\"nested\":[1,2,{\"a\":null}]}}"
        })
        void trimmedRecordIsPassedThroughWhateverItsContent(String line) {
            assertThat(auto.trim(line).jsonString()).isEqualTo(line);
            assertThat(auto.trim(line).kind()).isEqualTo(TrimResult.Kind.POST);
        }

        @ParameterizedTest(name = "extra key {0}")
        @ValueSource(strings = {"user", "data", "event", "limit", "errors", "includes", "warning"})
        void trimmedRecordWithAnUnknownKeyNamedLikeAnXKeyIsStillPassedThrough(String key) {
            // Unknown keys are allowed in a record; no X payload has a top-level "screenname".
            String line = "{\"id\":\"1\",\"screenname\":\"x\",\"" + key + "\":{\"screen_name\":\"y\",\"note\":[\"z\"]}}";

            TrimResult r = auto.trim(line);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.POST);
            assertThat(r.jsonString()).isEqualTo(line);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
            "\"retweet_count\":-1", "\"retweet_count\":\"many\"", "\"favorite_count\":1.5", "\"id_str\":7",
            "\"user\":{\"followers_count\":\"x\"}", "\"data\":{\"id\":{}}", "\"includes\":{\"users\":7}",
            "\"data\":{\"public_metrics\":{\"like_count\":-3}}", "\"id\":[1]"
        })
        void trimmedRecordWithAnXKeyHoldingAValueXWouldNeverSendIsStillPassedThrough(String member) {
            // Before or after "screenname": either way the line is a record, and its keys are the rules' to judge.
            for (String line : List.of("{\"screenname\":\"x\"," + member + "}", "{" + member + ",\"screenname\":\"x\"}")) {
                TrimResult r = auto.trim(line);

                assertThat(r.kind()).as(line).isEqualTo(TrimResult.Kind.POST);
                assertThat(r.jsonString()).isEqualTo(line);
                assertThat(new Trimmer(InputFormat.TRIMMED).trim(line).jsonString()).isEqualTo(line);
            }
        }

        @Test
        void anXPayloadWithABadValueAndNoScreennameIsStillRejected() {
            TrimResult r = auto.trim("{\"retweet_count\":-1,\"user\":{\"screen_name\":\"x\"}}");

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.REJECTED);
        }

        @Test
        void surroundingWhitespaceAndCarriageReturnAreNotPartOfThePassedThroughRecord() {
            String record = "{\"screenname\":\"x\",\"id\":\"1\"}";

            assertThat(auto.trim("  \t" + record + " \r").jsonString()).isEqualTo(record);
            assertThat(auto.trim(record + "\r\n").jsonString()).isEqualTo(record);
        }

        @Test
        void byteSliceIsTrimmedWithoutLookingOutsideIt() {
            String record = "{\"screenname\":\"x\",\"id\":\"1\"}";
            byte[] buf = ("garbage{" + record + "\r\nmore garbage").getBytes(StandardCharsets.UTF_8);
            int off = "garbage{".length();

            TrimResult r = auto.trim(buf, off, record.length() + 1);

            assertThat(r.jsonString()).isEqualTo(record);
        }

        @Test
        void byteSliceEndingTheBufferWithAnXKeyHoldingABadValueIsPassedThroughWithoutLookingOutsideIt() {
            String record = "{\"retweet_count\":-1,\"screenname\":\"x\"}";
            byte[] buf = ("garbage" + record).getBytes(StandardCharsets.UTF_8);

            for (Trimmer t : List.of(auto, new Trimmer(InputFormat.TRIMMED))) {
                assertThat(t.trim(buf, "garbage".length(), record.length()).jsonString()).isEqualTo(record);
            }
        }

        @Test
        void ourOwnOutputIsAFixedPoint() {
            String trimmed = auto.trim(fixtureLine("v2-post.json")).jsonString();

            assertThat(auto.trim(trimmed).jsonString()).isEqualTo(trimmed);
        }
    }

    @Nested
    class Unusable {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"not json", "{\"data\":", "{\"id\":\"1\",}", "{'screenname':'x'}", "{\"screenname\":\"x\"} trailing",
            "{\"screenname\":\"x\"}{\"screenname\":\"y\"}", "{\"text\":\"unterminated}"})
        void invalidJsonIsNotJson(String line) {
            assertThat(Trim.rejected(line).code()).isEqualTo(Problem.NOT_JSON);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"[]", "[{\"screenname\":\"x\"}]", "\"a string\"", "42", "null", "true"})
        void jsonThatIsNotAnObjectIsNotObject(String line) {
            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.NOT_OBJECT);
            assertThat(p.field()).isNull();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{}", "{\"foo\":1}", "{\"screen_name\":\"x\"}", "{\"matching_rules\":[]}"})
        void objectsOfNoKnownShapeAreRejected(String line) {
            assertThat(Trim.rejected(line).code()).isEqualTo(Problem.UNRECOGNISED);
        }

        @Test
        void invalidUtf8IsRejectedNotThrown() {
            byte[] line = "{\"screenname\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1); // a lone 0xFF byte

            TrimResult r = auto.trim(line, 0, line.length);

            assertThat(Trim.rejected(r).code()).isEqualTo(Problem.NOT_JSON);
        }

        @Test
        void deeplyNestedLineIsRejectedNotThrown() {
            String line = "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

            assertThatCode(() -> auto.trim(line)).doesNotThrowAnyException();
            assertThat(auto.trim(line).kind()).isIn(TrimResult.Kind.REJECTED);
        }

        @Test
        void everyPrefixOfARealPayloadIsRejectedAndNothingThrows() {
            List<String> notRejected = new ArrayList<>();
            int tried = 0;
            for (String name : List.of("v1-extended-status.json", "v1-retweet.json", "v2-post.json")) {
                byte[] full = fixtureLine(name).getBytes(StandardCharsets.UTF_8);
                for (InputFormat format : InputFormat.values()) {
                    Trimmer t = new Trimmer(format);
                    // Every 3rd cut point keeps the test fast while still cutting inside every kind of token.
                    for (int n = 1 + format.ordinal(); n < full.length; n += 3) {
                        TrimResult r = t.trim(full, 0, n);
                        tried++;
                        if (r.kind() != TrimResult.Kind.REJECTED) {
                            notRejected.add(name + " " + format + " first " + n + " bytes: " + r.kind());
                        }
                    }
                }
            }
            assertThat(tried).isGreaterThan(5_000);
            assertThat(notRejected).isEmpty();
        }

        @Test
        void randomBytesNeverThrow() {
            Random random = new Random(20260301L);
            byte[] alphabet = "{}[]\":,0123456789.-eE truefalsnul\\u\r\n\u00ff\u00c3\u00a9".getBytes(StandardCharsets.ISO_8859_1);
            List<TrimResult.Kind> kinds = new ArrayList<>();
            for (InputFormat format : InputFormat.values()) {
                Trimmer t = new Trimmer(format);
                for (int i = 0; i < 2000; i++) {
                    byte[] buf = new byte[random.nextInt(60)];
                    for (int k = 0; k < buf.length; k++) {
                        buf[k] = alphabet[random.nextInt(alphabet.length)];
                    }
                    TrimResult r = t.trim(buf, 0, buf.length);
                    assertThat(r).isNotNull();
                    if (r.kind() == TrimResult.Kind.REJECTED) {
                        assertThat(r.problem().code()).isNotBlank();
                    }
                    kinds.add(r.kind());
                }
            }
            assertThat(kinds).contains(TrimResult.Kind.REJECTED);
        }
    }
}
