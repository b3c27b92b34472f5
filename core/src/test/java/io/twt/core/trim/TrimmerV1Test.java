package io.twt.core.trim;

import static io.twt.core.record.TestJson.fixtureLine;
import static io.twt.core.record.TestJson.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.twt.core.record.TestJson;
import io.twt.core.validate.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** v1.1 status mapping (spec point 2). */
class TrimmerV1Test {

    @Nested
    class RealisticPayloads {

        @Test
        void extendedQuoteStatusMapsEveryField() {
            LinkedHashMap<String, Object> r = Trim.post(fixtureLine("v1-extended-status.json"));

            assertThat(r).containsExactly(
                    entry("id", "1896215732465139712"),
                    entry("created_at", "2026-03-01T12:00:09.000Z"),
                    entry("screenname", "spacedesk_jose"),
                    entry("username", "Space Desk \u00b7 Jos\u00e9 \ud83d\ude80"),
                    entry("user_favourites_count", 120554L),
                    entry("user_followers_count", 48213L),
                    entry("user_friends_count", 912L),
                    entry("user_listed_count", 733L),
                    entry("user_statuses_count", 38871L),
                    entry("verified", true),
                    entry("verified_type", "blue"),
                    entry("text", "Thread on the Artemis II rollout: crews moved the stack to pad 39B overnight, and the "
                            + "\"wet dress\" rehearsal is now set for Tuesday.\nFuel loading starts at 06:00 local \u2014 "
                            + "updates below \ud83d\udc47 #Artemis https://t.co/Xy12AbCdEf"),
                    entry("tweet_favorite_count", 789L),
                    entry("tweet_quote_count", 12L),
                    entry("tweet_reply_count", 34L),
                    entry("tweet_retweet_count", 56L),
                    entry("user_id", "1349149096909668363"),
                    // extended_tweet.entities, not the truncated status's: its url and the hashtag past the cut
                    entry("hashtags", List.of("Artemis")),
                    entry("urls", List.of("https://example.org/artemis-ii-rollout")));
        }

        @Test
        void retweetKeepsTheRetweetersValuesAndIgnoresTheRetweetedStatus() {
            LinkedHashMap<String, Object> r = Trim.post(fixtureLine("v1-retweet.json"));

            assertThat(r).containsExactly(
                    entry("id", "1896216000000000001"),
                    entry("created_at", "2026-03-01T12:00:09.000Z"),
                    entry("screenname", "maria_launches"),
                    entry("username", "Mar\u00eda \"Launch\" L\u00f3pez"),
                    entry("user_favourites_count", 9021L),
                    entry("user_followers_count", 311L),
                    entry("user_friends_count", 540L),
                    entry("user_listed_count", 3L),
                    entry("user_statuses_count", 4410L),
                    entry("verified", false),
                    entry("verified_type", "none"),
                    entry("text", "RT @NASA: Artemis II is on the pad. Crew walkout rehearsal begins at 08:00 ET \u2014 watch live:\u2026"),
                    entry("tweet_favorite_count", 0L),
                    entry("tweet_quote_count", 0L),
                    entry("tweet_reply_count", 0L),
                    entry("tweet_retweet_count", 0L),
                    entry("user_id", "2244994945"),
                    entry("mentions", List.of("NASA")));
        }

        @Test
        void nestedStatusesDoNotLeakEvenWhenTheyComeFirst() {
            // retweeted_status (with its own id, text, extended_tweet, user and counts) placed before every top-level key.
            String nested = "{\"id\":111,\"id_str\":\"111\",\"created_at\":\"Sat Feb 28 22:41:17 +0000 2026\","
                    + "\"text\":\"ORIGINAL\",\"extended_tweet\":{\"full_text\":\"ORIGINAL FULL\"},\"full_text\":\"ORIGINAL FT\","
                    + "\"user\":{\"id_str\":\"11348282\",\"screen_name\":\"NASA\",\"name\":\"NASA\",\"verified\":true,"
                    + "\"verified_type\":\"government\",\"followers_count\":88000000},"
                    + "\"favorite_count\":98000,\"retweet_count\":15000,\"quote_count\":4100,\"reply_count\":2200}";
            Payloads.V1 p = new Payloads.V1();
            LinkedHashMap<String, String> reordered = new LinkedHashMap<>();
            reordered.put("retweeted_status", nested);
            reordered.put("quoted_status", nested);
            reordered.putAll(p.top);
            reordered.put("user", TestJson.object(p.user));

            LinkedHashMap<String, Object> r = Trim.post(TestJson.object(reordered));

            assertThat(r).contains(
                    entry("id", "1896215732465139712"),
                    entry("screenname", "maria_launches"),
                    entry("username", "Maria"),
                    entry("text", "hello world"),
                    entry("verified", false),
                    entry("verified_type", "none"),
                    entry("user_followers_count", 311L),
                    entry("tweet_favorite_count", 4L),
                    entry("tweet_retweet_count", 3L),
                    entry("user_id", "2244994945"));
        }
    }

    @Nested
    class FieldRules {

        @Test
        void idStrWinsOverTheNumericId() {
            String line = new Payloads.V1().with("id", "1").with("id_str", quote("1896215732465139999")).line();

            assertThat(Trim.post(line).get("id")).isEqualTo("1896215732465139999");
        }

        @Test
        void aUserIdOfAnotherTypeAfterIdStrIsSkippedWholeAndIdStrIsKept() {
            for (String odd : new String[] {"{\"a\": [1, {\"b\": 2}]}", "[1, 2, {\"c\": 3}]"}) {
                String line = new Payloads.V1().withoutUser("id").user("id_str", quote("2244994945")).user("id", odd).line();

                assertThat(Trim.post(line)).as("user.id = %s", odd).containsEntry("user_id", "2244994945").containsEntry("screenname", "maria_launches");
            }
        }

        @Test
        void numericIdIsUsedWhenIdStrIsMissing() {
            String line = new Payloads.V1().without("id_str").with("id", "1896215732465139712").line();

            assertThat(Trim.post(line).get("id")).isEqualTo("1896215732465139712");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "Sun Mar 01 14:00:09 +0200 2026, 2026-03-01T12:00:09.000Z",
            "Sun Mar 01 12:00:09 +0000 2026, 2026-03-01T12:00:09.000Z",
            "Sat Feb 28 23:30:00 -0100 2026, 2026-03-01T00:30:00.000Z",
            "Thu Jan 01 00:30:00 +0100 2026, 2025-12-31T23:30:00.000Z",
            "Tue Feb 29 23:59:59 +0000 2028, 2028-02-29T23:59:59.000Z"
        })
        void createdAtIsConvertedToUtc(String v1, String expected) {
            String line = new Payloads.V1().with("created_at", quote(v1)).line();

            assertThat(Trim.post(line).get("created_at")).isEqualTo(expected);
        }

        @Test
        void extendedFullTextWinsOverFullTextAndText() {
            String line = new Payloads.V1()
                    .with("text", quote("short"))
                    .with("full_text", quote("full"))
                    .with("extended_tweet", "{\"display_text_range\":[0,8],\"full_text\":\"extended\",\"entities\":{}}")
                    .line();

            assertThat(Trim.post(line).get("text")).isEqualTo("extended");
        }

        @Test
        void fullTextWinsOverText() {
            String line = new Payloads.V1().with("text", quote("short")).with("full_text", quote("full")).line();

            assertThat(Trim.post(line).get("text")).isEqualTo("full");
        }

        @Test
        void textIsUsedWhenThereIsNothingLonger() {
            String line = new Payloads.V1().with("text", quote("only text")).line();

            assertThat(Trim.post(line).get("text")).isEqualTo("only text");
        }

        @Test
        void missingCountersBecomeZeroMissingVerifiedFalseMissingTypeNone() {
            String line = new Payloads.V1()
                    .without("quote_count", "reply_count", "retweet_count", "favorite_count")
                    .withoutUser("followers_count", "friends_count", "listed_count", "favourites_count", "statuses_count",
                            "verified", "verified_type")
                    .line();

            LinkedHashMap<String, Object> r = Trim.post(line);

            assertThat(r).contains(
                    entry("user_favourites_count", 0L), entry("user_followers_count", 0L), entry("user_friends_count", 0L),
                    entry("user_listed_count", 0L), entry("user_statuses_count", 0L),
                    entry("tweet_favorite_count", 0L), entry("tweet_quote_count", 0L),
                    entry("tweet_reply_count", 0L), entry("tweet_retweet_count", 0L),
                    entry("verified", false), entry("verified_type", "none"));
        }

        @Test
        void nullCountersBecomeZero() {
            String line = new Payloads.V1().with("quote_count", "null").user("followers_count", "null").line();

            LinkedHashMap<String, Object> r = Trim.post(line);

            assertThat(r).contains(entry("tweet_quote_count", 0L), entry("user_followers_count", 0L));
        }

        @Test
        void verifiedTypeIsCopied() {
            String line = new Payloads.V1().user("verified", "true").user("verified_type", quote("business")).line();

            assertThat(Trim.post(line)).contains(entry("verified", true), entry("verified_type", "business"));
        }

        @Test
        void userIdComesFromUserIdStr() {
            String line = new Payloads.V1().user("id", "1").user("id_str", quote("783214")).line();

            assertThat(Trim.post(line).get("user_id")).isEqualTo("783214");
        }

        @Test
        void userIdIsNullWhenTheUserHasNoId() {
            String line = new Payloads.V1().withoutUser("id", "id_str").line();

            LinkedHashMap<String, Object> r = Trim.post(line);

            assertThat(r).containsEntry("user_id", null);
        }

        @Test
        void missingNameBecomesEmptyUsername() {
            String line = new Payloads.V1().withoutUser("name").line();

            assertThat(Trim.post(line).get("username")).isEqualTo("");
        }

        @Test
        void largeCountersKeepFullPrecision() {
            String line = new Payloads.V1().user("followers_count", "9007199254740993").with("favorite_count", "9223372036854775807").line();

            assertThat(Trim.post(line)).contains(
                    entry("user_followers_count", 9007199254740993L), entry("tweet_favorite_count", Long.MAX_VALUE));
        }

        @ParameterizedTest(name = "verified {0} -> {1}")
        @CsvSource({"'\"true\"', true", "'\"false\"', false", "true, true", "false, false", "null, false"})
        void verifiedMayBeABooleanAStringOfOneOrNull(String raw, boolean expected) {
            String line = new Payloads.V1().user("verified", raw).line();

            assertThat(Trim.post(line).get("verified")).isEqualTo(expected);
        }

        @Test
        void countersGivenAsStringsOfDigitsAreRead() {
            String line = new Payloads.V1().user("followers_count", quote("311")).with("retweet_count", quote("900719925474099")).line();

            assertThat(Trim.post(line)).contains(entry("user_followers_count", 311L), entry("tweet_retweet_count", 900719925474099L));
        }

        @Test
        void idStrThatIsNotAStringIsIgnoredInFavourOfTheNumericId() {
            String line = new Payloads.V1().with("id_str", "7").with("id", "1896215732465139712").line();

            assertThat(Trim.post(line).get("id")).isEqualTo("1896215732465139712");
        }
    }

    @Nested
    class Rejections {

        @Test
        void statusWithoutUserIsRejected() {
            Problem p = Trim.rejected(new Payloads.V1().lineWithoutUser());

            assertThat(p.code()).isIn(Problem.NO_AUTHOR, Problem.UNRECOGNISED);
        }

        @Test
        void statusWithoutUserIsRejectedAsNoAuthorWhenForcedToV1() {
            Problem p = Trim.rejected(new Trimmer(InputFormat.V1).trim(new Payloads.V1().lineWithoutUser()));

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).isEqualTo("user");
        }

        @Test
        void userWithoutScreenNameHasNoAuthor() {
            Problem p = Trim.rejected(new Payloads.V1().withoutUser("screen_name").line());

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).contains("screen_name");
        }

        @Test
        void statusWithoutAnyIdIsRejected() {
            Problem p = Trim.rejected(new Payloads.V1().without("id", "id_str").line());

            assertThat(p.code()).isEqualTo(Problem.NO_ID);
            assertThat(p.field()).isEqualTo("id_str");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"\"", "\"12a\"", "\"-5\"", "\"12345678901234567890\""})
        void nonDigitIdIsRejected(String rawId) {
            Problem p = Trim.rejected(new Payloads.V1().without("id").with("id_str", rawId).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
        }

        @Test
        void idOfWrongJsonTypeIsRejected() {
            Problem p = Trim.rejected(new Payloads.V1().without("id_str").with("id", "{\"x\":1}").line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
            assertThat(p.field()).isEqualTo("id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"2026-03-01 12:00:09\"", "\"Mar 01 2026\"", "\"Sun Mar 32 12:00:09 +0000 2026\"",
"1772366409", "null", "\"\""})
        void badCreatedAtIsRejected(String rawCreatedAt) {
            Problem p = Trim.rejected(new Payloads.V1().with("created_at", rawCreatedAt).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_TIMESTAMP);
            assertThat(p.field()).isEqualTo("created_at");
        }

        @Test
        void missingCreatedAtIsRejected() {
            Problem p = Trim.rejected(new Payloads.V1().without("created_at").line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_TIMESTAMP);
            assertThat(p.field()).isEqualTo("created_at");
        }

        @Test
        void aLongBadCreatedAtIsQuotedUpTo40CharactersInTheMessage() {
            String forty = "x".repeat(39) + "y";

            Problem exact = Trim.rejected(new Payloads.V1().with("created_at", quote(forty)).line());
            Problem longer = Trim.rejected(new Payloads.V1().with("created_at", quote(forty + "z")).line());

            assertThat(exact.message()).contains("'" + forty + "'");
            assertThat(longer.message()).contains("'" + forty + "\u2026'").doesNotContain("z");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "2.0", "1e3", "-1", "\"many\"", "true", "[1]", "{\"n\":1}", "12345678901234567890"})
        void nonIntegerTweetCounterIsRejectedNamingTheField(String raw) {
            Problem p = Trim.rejected(new Payloads.V1().with("retweet_count", raw).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_COUNT);
            assertThat(p.field()).isEqualTo("retweet_count");
        }

        @ParameterizedTest
        @ValueSource(strings = {"followers_count", "friends_count", "listed_count", "favourites_count", "statuses_count"})
        void nonIntegerUserCounterIsRejectedNamingTheField(String key) {
            Problem p = Trim.rejected(new Payloads.V1().user(key, "3.25").line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_COUNT);
            assertThat(p.field()).isEqualTo("user." + key);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yes\"", "1", "\"TRUE\"", "[]"})
        void nonBooleanVerifiedIsRejected(String raw) {
            Problem p = Trim.rejected(new Payloads.V1().user("verified", raw).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_BOOLEAN);
            assertThat(p.field()).isEqualTo("user.verified");
        }

        @ParameterizedTest(name = "user.{0} = {1}")
        @CsvSource(delimiter = '|', value = {
            "id_str | \"abc\"", "id_str | \"\"", "id_str | \"12 34\"", "id_str | \"123456789012345678901\"", "id | -7"})
        void userIdThatIsNotDigitsIsNotCopiedIntoARecord(String key, String rawUserId) {
            // The record rule: user_id, when present, is 1-19 digits. A post must never break it.
            String line = new Payloads.V1().withoutUser("id", "id_str").user(key, rawUserId).line();

            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
            assertThat(p.field()).startsWith("user.");
        }
    }
}
