package io.twt.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private final RecordJson json = new RecordJson();

    private static TweetRecord record(String text, String userId) {
        return new TweetRecord("1896215732465139712", Instant.parse("2026-03-01T12:00:09Z"), "spacedesk_jose", "Space Desk",
                120554, 48213, 912, 733, 38871, true, "blue", text, 789, 12, 34, 56, userId);
    }

    @Test
    void writesTheWholeRecordAsOneCompactLineInSpecOrder() {
        String out = json.toJson(record("hello", "1349149096909668363"));

        assertThat(out).isEqualTo("{\"id\":\"1896215732465139712\",\"created_at\":\"2026-03-01T12:00:09.000Z\","
                + "\"screenname\":\"spacedesk_jose\",\"username\":\"Space Desk\","
                + "\"user_favourites_count\":120554,\"user_followers_count\":48213,\"user_friends_count\":912,"
                + "\"user_listed_count\":733,\"user_statuses_count\":38871,"
                + "\"verified\":true,\"verified_type\":\"blue\",\"text\":\"hello\","
                + "\"tweet_favorite_count\":789,\"tweet_quote_count\":12,\"tweet_reply_count\":34,\"tweet_retweet_count\":56,"
                + "\"user_id\":\"1349149096909668363\"}");
    }

    @Test
    void keyOrderIsTheSpecOrder() {
        assertThat(TestJson.keys(json.toJson(record("x", "1")))).containsExactlyElementsOf(TestJson.SPEC_KEY_ORDER);
    }

    @Test
    void missingUserIdIsWrittenAsJsonNull() {
        String out = json.toJson(record("x", null));

        LinkedHashMap<String, Object> values = TestJson.parseFlat(out);
        assertThat(values).containsEntry("user_id", null);
        assertThat(TestJson.keys(out)).containsExactlyElementsOf(TestJson.SPEC_KEY_ORDER);
        assertThat(out).endsWith(",\"user_id\":null}");
    }

    @Test
    void idsStayStringsEvenAboveTwoToThe53() {
        LinkedHashMap<String, Object> values = TestJson.parseFlat(json.toJson(record("x", "9223372036854775807")));

        assertThat(values.get("id")).isEqualTo("1896215732465139712");
        assertThat(values.get("user_id")).isEqualTo("9223372036854775807");
    }

    @Test
    void timestampIsUtcWithExactlyThreeFractionDigits() {
        assertThat(RecordJson.formatTimestamp(Instant.parse("2026-03-01T12:00:09Z"))).isEqualTo("2026-03-01T12:00:09.000Z");
        assertThat(RecordJson.formatTimestamp(Instant.parse("2026-03-01T12:00:09.5Z"))).isEqualTo("2026-03-01T12:00:09.500Z");
        // Sub-millisecond precision is cut, not rounded.
        assertThat(RecordJson.formatTimestamp(Instant.parse("2026-03-01T12:00:09.123999999Z"))).isEqualTo("2026-03-01T12:00:09.123Z");
        assertThat(RecordJson.formatTimestamp(Instant.parse("1999-12-31T23:59:59.999Z"))).isEqualTo("1999-12-31T23:59:59.999Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plain ascii",
        "",
        "quotes \"inside\" and 'single'",
        "back\\slash and /slash",
        "line one\nline two\r\nline three",
        "tab\tand form\ffeed and bell\u0007 and nul\u0000",
        "Jos\u00e9 \u00fcber \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
        "emoji \ud83d\ude80\ud83d\udc47 family \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
        "line separator \u2028 paragraph separator \u2029",
        "</script><script>alert(1)</script>",
        "{\"looks\":\"like json\",\"id\":\"999\"}"
    })
    void textSurvivesAJsonRoundTrip(String text) {
        String out = json.toJson(record(text, "1"));

        assertThat(TestJson.parseFlat(out).get("text")).isEqualTo(text.replace('\u0000', '\ufffd'));
        assertThat(out).doesNotContain("\n").doesNotContain("\r");
        assertThat(TestJson.keys(out)).containsExactlyElementsOf(TestJson.SPEC_KEY_ORDER);
    }

    @Test
    void controlCharactersAreEscapedNotWrittenRaw() {
        byte[] out = json.toBytes(record("a\u0001b\nc\td", "1"));

        for (byte b : out) {
            assertThat(b & 0xff).as("raw control byte in output").isGreaterThanOrEqualTo(0x20);
        }
    }

    @Test
    void toBytesIsUtf8OfToJson() {
        TweetRecord r = record("\u00e9\u00e8 \ud83d\ude80", "1");

        assertThat(json.toBytes(r)).isEqualTo(json.toJson(r).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countersAreJsonIntegersAndVerifiedIsABoolean() {
        TweetRecord r = new TweetRecord("1", Instant.EPOCH, "s", "", 0, 0, 0, 0, Long.MAX_VALUE, false, "none", "", 0, 0, 0, 0, null);

        LinkedHashMap<String, Object> values = TestJson.parseFlat(json.toJson(r));

        assertThat(values.get("user_statuses_count")).isEqualTo(Long.MAX_VALUE);
        assertThat(values.get("tweet_favorite_count")).isEqualTo(0L);
        assertThat(values.get("verified")).isEqualTo(false);
        assertThat(values.get("created_at")).isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void recordRejectsNullRequiredValues() {
        Instant t = Instant.EPOCH;
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord(null, t, "s", "u", 0, 0, 0, 0, 0, false, "none", "", 0, 0, 0, 0, null));
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord("1", null, "s", "u", 0, 0, 0, 0, 0, false, "none", "", 0, 0, 0, 0, null));
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord("1", t, null, "u", 0, 0, 0, 0, 0, false, "none", "", 0, 0, 0, 0, null));
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord("1", t, "s", null, 0, 0, 0, 0, 0, false, "none", "", 0, 0, 0, 0, null));
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord("1", t, "s", "u", 0, 0, 0, 0, 0, false, null, "", 0, 0, 0, 0, null));
        assertThatNullPointerException().isThrownBy(() -> new TweetRecord("1", t, "s", "u", 0, 0, 0, 0, 0, false, "none", null, 0, 0, 0, 0, null));
    }
}
