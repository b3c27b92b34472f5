package io.twt.core.trim;

import static io.twt.core.record.TestJson.fixtureLine;
import static io.twt.core.record.TestJson.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.TestJson;
import io.twt.core.validate.RecordValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every post the trimmer produces must pass the record rules (spec point 8, round-trip property). */
class TrimmerOutputPassesRulesTest {

    private static final RecordValidator RULES = new RecordValidator();
    private static final Trimmer AUTO = new Trimmer(InputFormat.AUTO);

    private static final List<String> TRICKY_TEXTS = List.of(
            "",
            "plain",
            "quotes \"double\" and 'single' and back\\slash",
            "multi\nline\r\ntext\twith tabs",
            "control \u0000\u0001\u001f chars",
            "Jos\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea",
            "emoji \ud83d\ude80\ud83d\udc47\ud83c\udff3\ufe0f\u200d\ud83c\udf08 flags \ud83c\uddfa\ud83c\udde6",
            "separators \u2028\u2029 and bom \ufeff inside",
            "{\"id\":\"not me\",\"screenname\":\"nor me\"}",
            "x".repeat(25_000));

    static Stream<Arguments> payloads() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("v1 extended fixture", fixtureLine("v1-extended-status.json")));
        cases.add(Arguments.of("v1 retweet fixture", fixtureLine("v1-retweet.json")));
        cases.add(Arguments.of("v2 fixture", fixtureLine("v2-post.json")));
        for (int i = 0; i < TRICKY_TEXTS.size(); i++) {
            String text = TRICKY_TEXTS.get(i);
            cases.add(Arguments.of("v1 text #" + i, new Payloads.V1().with("text", quote(text)).line()));
            cases.add(Arguments.of("v1 extended text #" + i,
                    new Payloads.V1().with("extended_tweet", "{\"full_text\":" + quote(text) + "}").line()));
            cases.add(Arguments.of("v1 name #" + i, new Payloads.V1().user("name", quote(text)).user("verified_type", quote(text)).line()));
            cases.add(Arguments.of("v2 text #" + i, new Payloads.V2().data("text", quote(text)).line()));
            cases.add(Arguments.of("v2 note #" + i, new Payloads.V2().data("note_tweet", "{\"text\":" + quote(text) + "}").line()));
            cases.add(Arguments.of("v2 name #" + i, new Payloads.V2().author("name", quote(text)).line()));
        }
        cases.add(Arguments.of("v1 bare minimum", "{\"id_str\":\"7\",\"created_at\":\"Sun Mar 01 12:00:09 +0000 2026\",\"user\":{\"screen_name\":\"a\"}}"));
        cases.add(Arguments.of("v1 nulls everywhere", new Payloads.V1().with("text", "null").user("name", "null")
                .user("verified", "null").user("verified_type", "null").with("favorite_count", "null").line()));
        cases.add(Arguments.of("v1 numeric ids only", new Payloads.V1().without("id_str").withoutUser("id_str").line()));
        cases.add(Arguments.of("v1 verified as string", new Payloads.V1().user("verified", quote("true")).line()));
        cases.add(Arguments.of("v1 max id", new Payloads.V1().without("id").with("id_str", quote("9999999999999999999")).line()));
        cases.add(Arguments.of("v1 year 1 CE", new Payloads.V1().with("created_at", quote("Mon Jan 01 00:00:00 +0000 0001")).line()));
        cases.add(Arguments.of("v2 bare minimum", "{\"data\":{\"id\":\"1\",\"created_at\":\"2026-03-01T12:00:09Z\",\"author_id\":\"2\"},"
                + "\"includes\":{\"users\":[{\"id\":\"2\",\"username\":\"u\"}]}}"));
        cases.add(Arguments.of("v2 numeric ids", "{\"data\":{\"id\":1,\"created_at\":\"2026-03-01T12:00:09Z\",\"author_id\":2,\"text\":\"t\"},"
                + "\"includes\":{\"users\":[{\"id\":2,\"username\":\"u\"}]}}"));
        cases.add(Arguments.of("v2 offset timestamp", new Payloads.V2().data("created_at", quote("2026-03-01T23:59:59.999-11:00")).line()));
        cases.add(Arguments.of("v2 with errors alongside data", new Payloads.V2().line().replaceFirst("\\}$",
                ",\"errors\":[{\"title\":\"Not Found Error\",\"resource_type\":\"tweet\"}]}")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void postsPassTheRecordRules(String name, String line) {
        TrimResult r = AUTO.trim(line);

        assertThat(r.kind()).as("%s: %s", name, r.problem()).isEqualTo(TrimResult.Kind.POST);
        assertThat(RULES.check(r.json(), 0, r.json().length)).as(name).isNull();
        TestJson.assertRecordKeys(r.jsonString());
        assertThat(r.jsonString()).doesNotContain("\n").doesNotContain("\r");
    }

    static Stream<Arguments> textCarriers() {
        List<Arguments> cases = new ArrayList<>();
        for (String text : TRICKY_TEXTS) {
            cases.add(Arguments.of(new Payloads.V1().with("text", quote(text)).line(), text));
            cases.add(Arguments.of(new Payloads.V1().with("extended_tweet", "{\"full_text\":" + quote(text) + "}").line(), text));
            cases.add(Arguments.of(new Payloads.V2().data("text", quote(text)).line(), text));
            cases.add(Arguments.of(new Payloads.V2().data("note_tweet", "{\"text\":" + quote(text) + "}").line(), text));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("textCarriers")
    void textSurvivesTrimmingUnchanged(String line, String expectedText) {
        // U+0000, which no engine is documented to keep, is the one character that is replaced.
        assertThat(Trim.post(line).get("text")).isEqualTo(expectedText.replace('\u0000', '\ufffd'));
    }

    @Test
    void randomlyVariedPostsAlwaysPassTheRecordRules() {
        Random random = new Random(42);
        String[] texts = TRICKY_TEXTS.toArray(new String[0]);
        int posts = 0;
        for (int i = 0; i < 300; i++) {
            String text = texts[random.nextInt(texts.length)];
            String counter = random.nextBoolean() ? String.valueOf(random.nextInt(Integer.MAX_VALUE)) : "null";
            String line;
            if (random.nextBoolean()) {
                Payloads.V1 v1 = new Payloads.V1().with(random.nextBoolean() ? "text" : "full_text", quote(text))
                        .with("retweet_count", counter).user("followers_count", counter);
                if (random.nextBoolean()) {
                    v1.withoutUser("id", "id_str", "verified", "name");
                }
                line = v1.line();
            } else {
                Payloads.V2 v2 = new Payloads.V2().data("text", quote(text)).metric("like_count", counter);
                if (random.nextBoolean()) {
                    v2.otherUserFirst(Payloads.V2.user("11348282", "NASA", text)).includesFirst();
                }
                line = v2.line();
            }
            TrimResult r = AUTO.trim(line);
            assertThat(r.kind()).as(line).isEqualTo(TrimResult.Kind.POST);
            assertThat(RULES.check(r.jsonString())).as(r.jsonString()).isNull();
            posts++;
        }
        assertThat(posts).isEqualTo(300);
    }
}
