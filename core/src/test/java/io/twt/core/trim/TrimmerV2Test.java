package io.twt.core.trim;

import static io.twt.core.record.TestJson.fixtureLine;
import static io.twt.core.record.TestJson.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.twt.core.validate.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** v2 filtered-stream mapping (spec point 3). */
class TrimmerV2Test {

    @Nested
    class RealisticPayload {

        @Test
        void filteredStreamLineMapsEveryFieldFromDataAndTheAuthor() {
            // The fixture lists another user (the quoted post's author) before the real author,
            // and carries a quoted post in includes.tweets with its own text and metrics.
            LinkedHashMap<String, Object> r = Trim.post(fixtureLine("v2-post.json"));

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
                            + "updates below \ud83d\udc47 #Artemis @NASA"),
                    entry("tweet_favorite_count", 789L),
                    entry("tweet_quote_count", 12L),
                    entry("tweet_reply_count", 34L),
                    entry("tweet_retweet_count", 56L),
                    entry("user_id", "1349149096909668363"),
                    entry("urls", List.of("https://twitter.com/i/web/status/1896215732465139712")),
                    entry("matching_rules", List.of("artemis", "space-news")));
        }
    }

    @Nested
    class Author {

        private final Map<String, String> nasa = Payloads.V2.user("11348282", "NASA", "NASA");

        @Test
        void authorIsFoundWhenAnotherUserIsListedFirst() {
            nasa.put("verified_type", quote("government"));
            String line = new Payloads.V2().otherUserFirst(nasa).line();

            LinkedHashMap<String, Object> r = Trim.post(line);

            assertThat(r).contains(entry("screenname", "spacedesk_jose"), entry("username", "Space Desk"),
                    entry("verified_type", "blue"), entry("user_id", "1349149096909668363"));
        }

        @Test
        void authorIsFoundWhenIncludesComeBeforeData() {
            String line = new Payloads.V2().otherUserFirst(nasa).includesFirst().line();

            assertThat(line.indexOf("\"includes\"")).isLessThan(line.indexOf("\"data\""));
            assertThat(Trim.post(line)).contains(entry("screenname", "spacedesk_jose"), entry("id", "1896215732465139712"));
        }

        @Test
        void otherUsersAreSkippedWholeWhateverTheyHoldOnceTheirIdShowsTheyAreNotTheAuthor() {
            // Values the author may not have, nested where a partial skip would read them as a user's keys.
            nasa.put("entities", "{\"verified\":\"maybe\",\"id\":{},\"public_metrics\":{\"followers_count\":-1}}");
            nasa.put("verified", quote("maybe"));
            String line = new Payloads.V2().otherUserFirst(nasa).line();

            assertThat(Trim.post(line)).contains(entry("screenname", "spacedesk_jose"), entry("user_followers_count", 48213L));
        }

        @Test
        void authorMetricsMapToUserCounters() {
            String line = new Payloads.V2().author("public_metrics",
                    "{\"followers_count\":1,\"following_count\":2,\"tweet_count\":3,\"listed_count\":4,\"like_count\":5}").line();

            assertThat(Trim.post(line)).contains(
                    entry("user_followers_count", 1L), entry("user_friends_count", 2L), entry("user_statuses_count", 3L),
                    entry("user_listed_count", 4L), entry("user_favourites_count", 5L));
        }

        @Test
        void missingAuthorMetricsAndVerificationGetDefaults() {
            String line = new Payloads.V2().withoutAuthorKeys("public_metrics", "verified", "verified_type", "name").line();

            assertThat(Trim.post(line)).contains(
                    entry("user_followers_count", 0L), entry("user_friends_count", 0L), entry("user_statuses_count", 0L),
                    entry("user_listed_count", 0L), entry("user_favourites_count", 0L),
                    entry("verified", false), entry("verified_type", "none"), entry("username", ""));
        }

        @Test
        void authorNotInIncludesIsRejected() {
            String line = new Payloads.V2().data("author_id", quote("42")).otherUserFirst(nasa).line();

            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).isEqualTo("includes.users");
        }

        @Test
        void lineWithoutIncludesIsRejected() {
            String line = "{\"data\":{\"id\":\"1896215732465139712\",\"created_at\":\"2026-03-01T12:00:09.000Z\","
                    + "\"author_id\":\"1349149096909668363\",\"text\":\"hi\"},\"matching_rules\":[]}";

            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).isEqualTo("includes.users");
        }

        @Test
        void postWithoutAuthorIdIsRejected() {
            Problem p = Trim.rejected(new Payloads.V2().withoutData("author_id").line());

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).isEqualTo("data.author_id");
        }

        @Test
        void authorWithoutUsernameIsRejected() {
            Problem p = Trim.rejected(new Payloads.V2().withoutAuthorKeys("username").line());

            assertThat(p.code()).isEqualTo(Problem.NO_AUTHOR);
            assertThat(p.field()).contains("username");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"abc\"", "\"\"", "\"12 34\""})
        void authorIdThatIsNotDigitsIsNotCopiedIntoARecord(String rawAuthorId) {
            // Even when an includes.users entry carries the same bogus id, the record rule for user_id must hold.
            String line = new Payloads.V2().data("author_id", rawAuthorId).author("id", rawAuthorId).line();

            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
            assertThat(p.field()).isEqualTo("data.author_id");
        }
    }

    @Nested
    class PostFields {

        @Test
        void noteTweetTextWinsOverText() {
            String line = new Payloads.V2().data("text", quote("short\u2026")).data("note_tweet", "{\"text\":\"the long form\"}").line();

            assertThat(Trim.post(line).get("text")).isEqualTo("the long form");
        }

        @Test
        void textIsUsedWithoutNoteTweet() {
            assertThat(Trim.post(new Payloads.V2().line()).get("text")).isEqualTo("hello v2");
        }

        @Test
        void tweetCountersComeFromDataPublicMetrics() {
            LinkedHashMap<String, Object> r = Trim.post(new Payloads.V2().line());

            assertThat(r).contains(entry("tweet_favorite_count", 789L), entry("tweet_quote_count", 12L),
                    entry("tweet_reply_count", 34L), entry("tweet_retweet_count", 56L));
        }

        @Test
        void missingTweetMetricsBecomeZero() {
            Payloads.V2 v2 = new Payloads.V2();
            v2.dataMetrics.clear();

            assertThat(Trim.post(v2.line())).contains(entry("tweet_favorite_count", 0L), entry("tweet_quote_count", 0L),
                    entry("tweet_reply_count", 0L), entry("tweet_retweet_count", 0L));
        }

        @Test
        void referencedTweetsInIncludesDoNotLeak() {
            String other = "{\"id\":\"1\",\"author_id\":\"1349149096909668363\",\"created_at\":\"2020-01-01T00:00:00.000Z\","
                    + "\"text\":\"REFERENCED\",\"note_tweet\":{\"text\":\"REFERENCED NOTE\"},"
                    + "\"public_metrics\":{\"like_count\":999,\"quote_count\":999,\"reply_count\":999,\"retweet_count\":999}}";
            String line = new Payloads.V2().line().replace("{\"users\":[", "{\"tweets\":[" + other + "],\"users\":[");

            LinkedHashMap<String, Object> r = Trim.post(line);

            assertThat(r).contains(entry("id", "1896215732465139712"), entry("text", "hello v2"),
                    entry("created_at", "2026-03-01T12:00:09.000Z"), entry("tweet_favorite_count", 789L));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "2026-03-01T12:00:09.000Z, 2026-03-01T12:00:09.000Z",
            "2026-03-01T12:00:09Z, 2026-03-01T12:00:09.000Z",
            "2026-03-01T14:00:09.250+02:00, 2026-03-01T12:00:09.250Z"
        })
        void createdAtIsWrittenInUtcWithMillis(String in, String expected) {
            String line = new Payloads.V2().data("created_at", quote(in)).line();

            assertThat(Trim.post(line).get("created_at")).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"2026-03-01 12:00:09\"", "\"2026-03-01T12:00:09\"", "\"Sun Mar 01 12:00:09 +0000 2026\"",
            "\"yesterday\"", "1772366409000", "null"})
        void badCreatedAtIsRejected(String raw) {
            Problem p = Trim.rejected(new Payloads.V2().data("created_at", raw).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_TIMESTAMP);
            assertThat(p.field()).isEqualTo("data.created_at");
        }

        @Test
        void postWithoutIdIsRejected() {
            Problem p = Trim.rejected(new Payloads.V2().withoutData("id").line());

            assertThat(p.code()).isEqualTo(Problem.NO_ID);
            assertThat(p.field()).isEqualTo("data.id");
        }

        @Test
        void nonDigitIdIsRejected() {
            Problem p = Trim.rejected(new Payloads.V2().data("id", quote("18962157x")).line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
            assertThat(p.field()).isEqualTo("data.id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"like_count", "quote_count", "reply_count", "retweet_count"})
        void nonIntegerTweetCounterIsRejectedNamingTheField(String key) {
            Problem p = Trim.rejected(new Payloads.V2().metric(key, "7.5").line());

            assertThat(p.code()).isEqualTo(Problem.INVALID_COUNT);
            assertThat(p.field()).isEqualTo("data.public_metrics." + key);
        }

        @Test
        void nonIntegerAuthorCounterIsRejectedNamingTheField() {
            String line = new Payloads.V2().author("public_metrics", "{\"followers_count\":\"lots\"}").line();

            Problem p = Trim.rejected(line);

            assertThat(p.code()).isEqualTo(Problem.INVALID_COUNT);
            assertThat(p.field()).isEqualTo("includes.users.public_metrics.followers_count");
        }

        @Test
        void countersOfMetricsWeDoNotUseAreIgnoredWhateverTheirType() {
            String line = new Payloads.V2().metric("impression_count", "\"n/a\"").metric("bookmark_count", "1.5").line();

            assertThat(Trim.post(line).get("tweet_favorite_count")).isEqualTo(789L);
        }
    }
}
