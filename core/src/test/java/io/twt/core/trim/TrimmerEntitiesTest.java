package io.twt.core.trim;

import static io.twt.core.record.TestJson.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.twt.core.record.EntityField;
import io.twt.core.validate.RecordValidator;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrimmerEntitiesTest {

    private static final RecordValidator RULES = new RecordValidator();

    private static LinkedHashMap<String, Object> postPassingTheRules(String line) {
        TrimResult r = new Trimmer(InputFormat.AUTO).trim(line);
        assertThat(RULES.check(r.json(), 0, r.json().length)).isNull();
        return Trim.post(r);
    }

    @Nested
    class V2 {

        @Test
        void entitiesAndRuleTagsFollowTheSpecKeysInTheirOrder() {
            String line = new Payloads.V2()
                    .data("entities", "{\"urls\":[{\"url\":\"https://t.co/a\",\"expanded_url\":\"https://example.org/a\"}],"
                            + "\"mentions\":[{\"start\":0,\"end\":5,\"username\":\"NASA\",\"id\":\"11348282\"}],"
                            + "\"hashtags\":[{\"start\":6,\"end\":14,\"tag\":\"Artemis\"}],"
                            + "\"cashtags\":[{\"start\":15,\"end\":20,\"tag\":\"TSLA\"},{\"tag\":\"btc\"}],"
                            + "\"annotations\":[{\"normalized_text\":\"Artemis II\"}]}")
                    .rules("[{\"id\":\"1\",\"tag\":\"stocks\"},{\"id\":\"2\",\"tag\":\"space\"}]")
                    .line();

            LinkedHashMap<String, Object> r = postPassingTheRules(line);

            assertThat(List.copyOf(r.keySet()).subList(17, r.size()))
                    .containsExactly("cashtags", "hashtags", "mentions", "urls", "matching_rules");
            assertThat(r).contains(entry("cashtags", List.of("TSLA", "btc")), entry("hashtags", List.of("Artemis")),
                    entry("mentions", List.of("NASA")), entry("urls", List.of("https://example.org/a")),
                    entry("matching_rules", List.of("stocks", "space")));
        }

        @Test
        void aUrlWithoutExpandedUrlKeepsItsUrlAndARuleWithoutTagItsId() {
            String line = new Payloads.V2()
                    .data("entities", "{\"urls\":[{\"url\":\"https://t.co/a\"},{\"url\":\"https://t.co/b\",\"expanded_url\":null}]}")
                    .rules("[{\"id\":\"1896000000000000009\"},{\"id\":\"7\",\"tag\":\"\"}]")
                    .line();

            LinkedHashMap<String, Object> r = postPassingTheRules(line);

            assertThat(r).contains(entry("urls", List.of("https://t.co/a", "https://t.co/b")),
                    entry("matching_rules", List.of("1896000000000000009", "7")));
        }

        @Test
        void duplicatesAreKeptAsGiven() {
            String line = new Payloads.V2()
                    .data("entities", "{\"cashtags\":[{\"tag\":\"TSLA\"},{\"tag\":\"tsla\"},{\"tag\":\"TSLA\"}]}")
                    .line();

            assertThat(postPassingTheRules(line)).contains(entry("cashtags", List.of("TSLA", "tsla", "TSLA")));
        }

        @Test
        void emptyArraysAndUnusableValuesAreLeftOut() {
            String tooLong = "x".repeat(EntityField.MAX_VALUE_LENGTH + 1);
            String line = new Payloads.V2()
                    .data("entities", "{\"cashtags\":[],\"hashtags\":[{\"tag\":\"\"},{\"tag\":null},{\"tag\":3},\"Artemis\",[]],"
                            + "\"mentions\":{},\"urls\":[{\"url\":" + quote(tooLong) + "}]}")
                    .rules("[]")
                    .line();

            LinkedHashMap<String, Object> r = postPassingTheRules(line);

            assertThat(r).hasSize(17);
        }

        @Test
        void entitiesOfAQuotedPostInIncludesAreNotThePosts() {
            String line = new Payloads.V2().rules(null).line().replace("{\"users\":[",
                    "{\"tweets\":[{\"id\":\"2\",\"entities\":{\"cashtags\":[{\"tag\":\"GME\"}]}}],\"users\":[");

            assertThat(postPassingTheRules(line)).hasSize(17);
        }
    }

    @Nested
    class V1 {

        private static final String ENTITIES = "{\"hashtags\":[{\"text\":\"Artemis\",\"indices\":[0,8]}],"
                + "\"symbols\":[{\"text\":\"TSLA\",\"indices\":[9,14]}],"
                + "\"user_mentions\":[{\"screen_name\":\"NASA\",\"id_str\":\"11348282\"}],"
                + "\"urls\":[{\"url\":\"https://t.co/a\",\"expanded_url\":\"https://example.org/a\"},{\"url\":\"https://t.co/b\"}]}";

        @Test
        void statusEntitiesBecomeCashtagsHashtagsMentionsAndUrls() {
            LinkedHashMap<String, Object> r = postPassingTheRules(new Payloads.V1().with("entities", ENTITIES).line());

            assertThat(List.copyOf(r.keySet()).subList(17, r.size())).containsExactly("cashtags", "hashtags", "mentions", "urls");
            assertThat(r).contains(entry("cashtags", List.of("TSLA")), entry("hashtags", List.of("Artemis")),
                    entry("mentions", List.of("NASA")), entry("urls", List.of("https://example.org/a", "https://t.co/b")));
        }

        @Test
        void extendedTweetEntitiesReplaceTheTruncatedOnesWhicheverComesFirst() {
            String extended = "{\"full_text\":\"long\",\"entities\":{\"symbols\":[{\"text\":\"GME\"},{\"text\":\"GME\"}]}}";
            String entitiesFirst = new Payloads.V1().with("entities", ENTITIES).with("extended_tweet", extended).line();
            String extendedFirst = new Payloads.V1().with("extended_tweet", extended).with("entities", ENTITIES).line();

            for (String line : List.of(entitiesFirst, extendedFirst)) {
                LinkedHashMap<String, Object> r = postPassingTheRules(line);
                assertThat(r).hasSize(18).contains(entry("cashtags", List.of("GME", "GME")), entry("text", "long"));
            }
        }

        @Test
        void extendedTweetWithoutEntitiesKeepsTheStatusEntities() {
            String line = new Payloads.V1().with("entities", ENTITIES).with("extended_tweet", "{\"full_text\":\"long\"}").line();

            assertThat(postPassingTheRules(line)).contains(entry("cashtags", List.of("TSLA")));
        }

        @Test
        void entitiesOfTheRetweetedStatusAreNotTheRetweets() {
            String line = new Payloads.V1().with("retweeted_status", "{\"id_str\":\"2\",\"entities\":" + ENTITIES + "}").line();

            assertThat(postPassingTheRules(line)).hasSize(17);
        }
    }

    @Test
    void aPostWithoutEntitiesIsTrimmedByteForByteAsBefore() {
        String line = new Payloads.V2().rules(null).line();

        assertThat(new Trimmer(InputFormat.AUTO).trim(line).jsonString()).isEqualTo(EXPECTED_WITHOUT_ENTITIES);
    }

    /** The record of the default v2 payload as the trimmer wrote it before entities were added. */
    private static final String EXPECTED_WITHOUT_ENTITIES =
            "{\"id\":\"1896215732465139712\",\"created_at\":\"2026-03-01T12:00:09.000Z\",\"screenname\":\"sp"
            + "acedesk_jose\",\"username\":\"Space Desk\",\"user_favourites_count\":120554,\"user_followers_co"
            + "unt\":48213,\"user_friends_count\":912,\"user_listed_count\":733,\"user_statuses_count\":38871,"
            + "\"verified\":true,\"verified_type\":\"blue\",\"text\":\"hello v2\",\"tweet_favorite_count\":789"
            + ",\"tweet_quote_count\":12,\"tweet_reply_count\":34,\"tweet_retweet_count\":56,\"user_id\":\"134"
            + "9149096909668363\"}";
}
