package io.twt.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.EntityField;
import io.twt.core.record.RecordField;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TestJson;
import io.twt.core.record.TweetRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The record rules (spec point 8). */
class RecordValidatorTest {

    private final RecordValidator rules = new RecordValidator();

    private Problem check(Records r) {
        return rules.check(r.line());
    }

    private void assertProblem(Problem p, String code, String field) {
        assertThat(p).as("expected %s on %s", code, field).isNotNull();
        assertThat(p.code()).isEqualTo(code);
        assertThat(p.field()).isEqualTo(field);
        assertThat(p.message()).isNotBlank();
    }

    @Nested
    class ValidRecords {

        @Test
        void theBaselineRecordIsValid() {
            assertThat(check(Records.valid())).isNull();
        }

        @Test
        void recordWrittenByRecordJsonIsValid() {
            TweetRecord r = new TweetRecord("1", Instant.parse("2026-03-01T12:00:09Z"), "s", "", 0, 0, 0, 0, 0,
                    false, "none", "", 0, 0, 0, 0, null);

            assertThat(rules.check(new RecordJson().toJson(r))).isNull();
        }

        @Test
        void userIdMayBeAbsentOrNull() {
            assertThat(check(Records.valid().without("user_id"))).isNull();
            assertThat(check(Records.valid().with("user_id", "null"))).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"0\"", "\"7\"", "\"9223372036854775807\"", "\"9999999999999999999\"", "\"0000000000000000001\""})
        void idsOfOneToNineteenDigitsAreValid(String raw) {
            assertThat(check(Records.valid().with("id", raw))).isNull();
            assertThat(check(Records.valid().with("user_id", raw))).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-03-01T12:00:09.000Z", "2026-03-01T12:00:09Z", "2026-03-01T14:00:09.123+02:00",
            "2026-03-01T12:00:09.123456789Z", "2026-03-01T12:00:09+00:00"})
        void isoTimestampsWithAnOffsetAreValid(String ts) {
            assertThat(check(Records.valid().with("created_at", TestJson.quote(ts)))).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2026-03-01T12:00-05:00", "2026-03-01T12:00:09.+02:00"})
        void isoShapesWithoutSecondsOrFractionDigitsAreRefusedSoThatBothSqlEnginesCanCastEveryValidRecord(String ts) {
            Problem p = check(Records.valid().with("created_at", TestJson.quote(ts)));
            assertThat(p).isNotNull();
            assertThat(p.code()).isEqualTo(Problem.INVALID_TIMESTAMP);
            assertThat(p.field()).isEqualTo("created_at");
        }

        @ParameterizedTest
        @ValueSource(strings = {"true", "false", "\"true\"", "\"false\""})
        void verifiedMayBeABooleanOrItsString(String raw) {
            assertThat(check(Records.valid().with("verified", raw))).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "1", "9223372036854775807"})
        void countersFromZeroToLongMaxAreValid(String raw) {
            for (RecordField f : RecordField.values()) {
                if (f.kind() == RecordField.Kind.COUNT) {
                    assertThat(check(Records.valid().with(f.key(), raw))).as(f.key()).isNull();
                }
            }
        }

        @Test
        void emptyUsernameTextAndVerifiedTypeAreValid() {
            assertThat(check(Records.valid().with("username", "\"\"").with("text", "\"\"").with("verified_type", "\"\""))).isNull();
        }

        @Test
        void unknownExtraKeysAreAllowedWhateverTheirValue() {
            Records r = Records.valid()
                    .with("lang", "\"en\"")
                    .with("entities", "{\"hashtags\":[{\"tag\":\"Artemis\",\"start\":1}],\"id\":\"not an id\",\"text\":42}")
                    .with("rules", "[{\"id\":1},[],[[null]],\"x\",1.5,true]")
                    .with("nothing", "null")
                    .with("", "\"empty key\"");

            assertThat(check(r)).isNull();
        }

        @Test
        void keysInsideUnknownNestedObjectsDoNotCountAsRecordKeys() {
            Records r = Records.valid().without("screenname").with("extra", "{\"screenname\":\"hidden\"}");

            assertProblem(check(r), Problem.MISSING_FIELD, "screenname");
        }

        @Test
        void keyOrderIsNotARule() {
            List<String> keys = new ArrayList<>(TestJson.SPEC_KEY_ORDER);
            Collections.reverse(keys);

            assertThat(rules.check(Records.valid().line(keys))).isNull();
        }

        @Test
        void surroundingWhitespaceIsAllowed() {
            assertThat(rules.check("  " + Records.valid().line() + " \t")).isNull();
        }

        @Test
        void checksOnlyTheGivenSliceOfTheBuffer() {
            String line = Records.valid().line();
            byte[] buf = ("xx[" + line + "]yy").getBytes(StandardCharsets.UTF_8);

            assertThat(rules.check(buf, 3, line.getBytes(StandardCharsets.UTF_8).length)).isNull();
        }
    }

    @Nested
    class LineLevelProblems {

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{", "{\"id\":", "{\"id\":\"1\",}", "not json", "{'id':'1'}", "{\"id\":\"1\"} trailing",
            "{\"id\":\"1\"}{\"id\":\"2\"}", "{\"text\":\"unterminated}", "{\"id\" \"1\"}"})
        void malformedJsonIsNotJson(String line) {
            assertProblem(rules.check(line), Problem.NOT_JSON, null);
        }

        @Test
        void validRecordFollowedByGarbageIsNotJson() {
            assertProblem(rules.check(Records.valid().line() + ","), Problem.NOT_JSON, null);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"[]", "[" + "{\"id\":\"1\"}" + "]", "\"text\"", "42", "-1.5", "null", "true", "false"})
        void jsonThatIsNotAnObjectIsNotObject(String line) {
            assertProblem(rules.check(line), Problem.NOT_OBJECT, null);
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"", " ", "\t", "   \t  "})
        void emptyOrWhitespaceLineIsBlank(String line) {
            assertProblem(rules.check(line), Problem.BLANK_LINE, null);
        }
    }

    @Nested
    class FieldProblems {

        static Stream<String> requiredKeys() {
            return Stream.of(RecordField.values()).filter(RecordField::required).map(RecordField::key);
        }

        @ParameterizedTest
        @MethodSource("requiredKeys")
        void everyKeyButUserIdIsRequired(String key) {
            assertProblem(check(Records.valid().without(key)), Problem.MISSING_FIELD, key);
        }

        @Test
        void emptyObjectIsMissingTheFirstKey() {
            assertProblem(rules.check("{}"), Problem.MISSING_FIELD, "id");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', value = {
            "id      | 1896215732465139712",
            "id      | \"\"",
            "id      | \"12a\"",
            "id      | \"-1\"",
            "id      | \" 1\"",
            "id      | \"1.0\"",
            "id      | \"12345678901234567890\"",
            "id      | \"\uff11\"",
            "id      | null",
            "id      | true",
            "id      | [\"1\"]",
            "user_id | 1349149096909668363",
            "user_id | \"\"",
            "user_id | \"abc\"",
            "user_id | \"12345678901234567890\"",
            "user_id | {}",
            "user_id | false"
        })
        void idsMustBeStringsOfOneToNineteenDigits(String key, String raw) {
            assertProblem(check(Records.valid().with(key, raw)), Problem.INVALID_ID, key);
        }

        @ParameterizedTest(name = "created_at = {0}")
        @ValueSource(strings = {"\"2026-03-01 12:00:09\"", "\"2026-03-01T12:00:09\"", "\"2026-03-01T12:00:09.000\"",
            "\"2026-03-01\"", "\"Sun Mar 01 12:00:09 +0000 2026\"", "\"2026-02-30T12:00:09Z\"", "\"2026-03-01T25:00:00Z\"",
            "\"\"", "1772366409000", "null", "{\"$date\":\"2026-03-01T12:00:09Z\"}"})
        void createdAtMustBeAnIsoDateTimeWithOffset(String raw) {
            assertProblem(check(Records.valid().with("created_at", raw)), Problem.INVALID_TIMESTAMP, "created_at");
        }

        @ParameterizedTest(name = "screenname = {0}")
        @ValueSource(strings = {"\"\""})
        void screennameMustNotBeEmpty(String raw) {
            assertProblem(check(Records.valid().with("screenname", raw)), Problem.EMPTY_STRING, "screenname");
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = '|', value = {
            "screenname    | 42",
            "screenname    | null",
            "screenname    | [\"x\"]",
            "username      | null",
            "username      | 12",
            "username      | false",
            "text          | {\"full_text\":\"x\"}",
            "text          | null",
            "text          | 3.14",
            "verified_type | true",
            "verified_type | null",
            "verified_type | []"
        })
        void textFieldsMustBeStrings(String key, String raw) {
            assertProblem(check(Records.valid().with(key, raw)), Problem.NOT_STRING, key);
        }

        static Stream<Arguments> badCounters() {
            List<String> bad = List.of("-1", "1.5", "1.0", "1e3", "\"12\"", "\"\"", "null", "true", "[1]", "{\"n\":1}",
                    "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890");
            List<Arguments> args = new ArrayList<>();
            for (RecordField f : RecordField.values()) {
                if (f.kind() == RecordField.Kind.COUNT) {
                    for (String raw : bad) {
                        args.add(Arguments.of(f.key(), raw));
                    }
                }
            }
            return args.stream();
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("badCounters")
        void countersMustBeIntegersFromZeroToLongMax(String key, String raw) {
            assertProblem(check(Records.valid().with(key, raw)), Problem.INVALID_COUNT, key);
        }

        @ParameterizedTest(name = "verified = {0}")
        @ValueSource(strings = {"\"yes\"", "\"True\"", "\"TRUE\"", "\"\"", "1", "0", "null", "[]", "{}", "\"true \""})
        void verifiedMustBeABooleanOrTrueOrFalseString(String raw) {
            assertProblem(check(Records.valid().with("verified", raw)), Problem.INVALID_BOOLEAN, "verified");
        }

        @Test
        void theFirstBrokenRuleInTheLineIsReported() {
            Records r = Records.valid().with("user_followers_count", "-3").with("text", "7").without("screenname");

            assertProblem(check(r), Problem.INVALID_COUNT, "user_followers_count");
        }

        @Test
        void aBadValueIsReportedBeforeAMissingKey() {
            Records r = Records.valid().without("id").with("tweet_retweet_count", "\"5\"");

            assertProblem(check(r), Problem.INVALID_COUNT, "tweet_retweet_count");
        }

        @Test
        void brokenJsonAfterABadValueIsReportedAsNotJson() {
            String line = Records.valid().with("id", "1").line();

            assertProblem(rules.check(line.substring(0, line.length() - 1)), Problem.NOT_JSON, null);
        }

        @Test
        void nestedValueOfAKnownKeyIsSkippedCompletely() {
            // A nested object under "text" must not make the validator read its inner keys as record keys.
            Records r = Records.valid().with("text", "{\"id\":\"x\",\"screenname\":\"\"}");

            assertProblem(check(r), Problem.NOT_STRING, "text");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RecordField.class)
    void eachFieldHasAtLeastOneRejectedValue(RecordField field) {
        String raw = field.kind() == RecordField.Kind.COUNT || field.kind() == RecordField.Kind.BOOLEAN ? "\"x\"" : "[]";

        Problem p = check(Records.valid().with(field.key(), raw));

        assertThat(p).isNotNull();
        assertThat(p.field()).isEqualTo(field.key());
    }

    @Nested
    class Entities {

        @ParameterizedTest
        @EnumSource(EntityField.class)
        void anArrayOfStringsIsAccepted(EntityField field) {
            String longest = "x".repeat(EntityField.MAX_VALUE_LENGTH);
            Records r = Records.valid().with(field.key(), "[\"TSLA\",\"TSLA\",\"\u00e9\ud83d\ude80\",\"" + longest + "\"]");

            assertThat(check(r)).isNull();
        }

        @Test
        void recordsWithoutEntityKeysStayValid() {
            assertThat(check(Records.valid())).isNull();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "cashtags|[\"TSLA\",null]",
                "hashtags|[\"\"]",
                "mentions|\"NASA\"",
                "urls|[[\"https://example.org\"]]",
                "matching_rules|[{\"id\":\"1\",\"tag\":\"x\"}]",
                "cashtags|null",
                "hashtags|[1]",
                "mentions|{}",
        })
        void anythingButAnArrayOfNonEmptyStringsIsRefusedNamingTheField(String key, String value) {
            assertProblem(check(Records.valid().with(key, value)), Problem.INVALID_ENTITIES, key);
        }

        @Test
        void aValueLongerThanTheLimitIsRefused() {
            String tooLong = "x".repeat(EntityField.MAX_VALUE_LENGTH + 1);

            assertProblem(check(Records.valid().with("urls", "[\"a\",\"" + tooLong + "\"]")), Problem.INVALID_ENTITIES, "urls");
        }

        @Test
        void anEntityKeyTwiceIsADuplicateKey() {
            Records r = Records.valid().with("cashtags", "[\"A\"]");
            String line = r.line().replace("}", ",\"cashtags\":[\"B\"]}");

            assertThat(rules.check(line).code()).isEqualTo(Problem.DUPLICATE_KEY);
        }

        @Test
        void theLinesSyntaxIsStillCheckedAfterABadEntityValue() {
            String line = Records.valid().with("urls", "[{\"a\":1,\"a\":2}]").line();

            assertThat(rules.check(line).code()).isEqualTo(Problem.DUPLICATE_KEY);
        }

        @Test
        void aRecordWithEntitiesWrittenByRecordJsonPassesAndKeepsThem() {
            io.twt.core.record.Entities entities = new io.twt.core.record.Entities.Builder()
                    .add(EntityField.CASHTAGS, "TSLA").add(EntityField.CASHTAGS, "TSLA").add(EntityField.URLS, "https://t.co/\"q\"")
                    .build();
            TweetRecord record = new TweetRecord("1", Instant.parse("2026-03-01T12:00:00Z"), "a", "A", 0, 0, 0, 0, 0,
                    false, "none", "t", 0, 0, 0, 0, "2", entities);
            String json = new RecordJson().toJson(record);

            assertThat(rules.check(json)).isNull();
            assertThat(json).endsWith(",\"user_id\":\"2\",\"cashtags\":[\"TSLA\",\"TSLA\"],\"urls\":[\"https://t.co/\\\"q\\\"\"]}");
        }
    }
}
