package io.twt.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The generator the tests and the benchmarks share: deterministic, and its renderings agree with its records. */
class SampleGeneratorTest {

    @Test
    void theSameSeedMakesTheSameStreamAndAnotherSeedAnother() {
        assertThat(new SampleGenerator(7, 10, SampleGenerator.SAMPLE_START).sampleStream(100))
                .isEqualTo(new SampleGenerator(7, 10, SampleGenerator.SAMPLE_START).sampleStream(100))
                .isNotEqualTo(new SampleGenerator(8, 10, SampleGenerator.SAMPLE_START).sampleStream(100));
    }

    @Test
    void bothRenderingsOfAPostTrimToTheRecordItWasMadeFrom() {
        SampleGenerator gen = new SampleGenerator(3, 20, SampleGenerator.SAMPLE_START);
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);
        for (int i = 0; i < 500; i++) {
            SampleGenerator.Post p = gen.next();
            // v1.1 gives the entities of the whole text (a long post's in extended_tweet); v2 those of
            // data.text, which a long post cuts, and its one matching rule.
            assertTrimsTo(trimmer, gen.v1(p), SampleGenerator.toRecord(p));
            int shown = p.text().length() > 280 ? SampleGenerator.SHOWN_CHARS : p.text().length();
            Entities.Builder v2Entities = new Entities.Builder();
            SampleGenerator.entitiesIn(p.text(), shown).forEach(e -> v2Entities.add(e.field(), e.value()));
            v2Entities.add(EntityField.MATCHING_RULES, "twt");
            assertTrimsTo(trimmer, gen.v2(p), withEntities(SampleGenerator.toRecord(p), v2Entities.build()));
        }
    }

    @Test
    void someTextsHaveEachKindOfEntityAndTheRenderingsPlaceThemAsXDoes() {
        SampleGenerator gen = new SampleGenerator(3, 20, SampleGenerator.SAMPLE_START);
        EnumSet<EntityField> seen = EnumSet.noneOf(EntityField.class);
        for (int i = 0; i < 200; i++) {
            SampleGenerator.Post p = gen.next();
            String text = p.text();
            String v1 = gen.v1(p);
            String v2 = gen.v2(p);
            for (SampleGenerator.Entity e : SampleGenerator.entitiesIn(text, text.length() > 280 ? SampleGenerator.SHOWN_CHARS : text.length())) {
                seen.add(e.field());
                String written = text.substring(e.start(), e.end());
                int start = text.codePointCount(0, e.start());
                int end = start + written.codePointCount(0, written.length());
                String v1Indices = "\"indices\":[" + start + "," + end + "]";
                String v2Span = "{\"start\":" + start + ",\"end\":" + end + ",";
                switch (e.field()) {
                    case CASHTAGS -> {
                        assertThat(written).isEqualTo("$" + e.value());
                        assertThat(v1).contains("{\"text\":\"" + e.value() + "\"," + v1Indices);
                        assertThat(v2).contains(v2Span + "\"tag\":\"" + e.value() + "\"}");
                    }
                    case HASHTAGS -> {
                        assertThat(written).isEqualTo("#" + e.value());
                        assertThat(v1).contains("{\"text\":\"" + e.value() + "\"," + v1Indices);
                        assertThat(v2).contains(v2Span + "\"tag\":\"" + e.value() + "\"}");
                    }
                    case MENTIONS -> {
                        assertThat(written).isEqualTo("@" + e.value());
                        assertThat(v1).contains("{\"screen_name\":\"" + e.value() + "\",\"name\":");
                        assertThat(v2).contains(v2Span + "\"username\":\"" + e.value() + "\",\"id\":\"");
                    }
                    default -> {
                        assertThat(written).startsWith("https://t.co/");
                        assertThat(v1).contains("{\"url\":\"" + written + "\",\"expanded_url\":\"" + e.value() + "\"");
                        assertThat(v2).contains(v2Span + "\"url\":\"" + written + "\",\"expanded_url\":\"" + e.value()
                                + "\",\"display_url\":\"" + e.value().substring("https://".length()) + "\"}");
                    }
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(EntityField.CASHTAGS, EntityField.HASHTAGS, EntityField.MENTIONS, EntityField.URLS);
    }

    private static void assertTrimsTo(Trimmer trimmer, String line, TweetRecord record) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        TrimResult r = trimmer.trim(bytes, 0, bytes.length);
        assertThat(r.kind()).as(line).isEqualTo(TrimResult.Kind.POST);
        assertThat(new String(r.json(), StandardCharsets.UTF_8)).as(line).isEqualTo(new RecordJson().toJson(record));
    }

    private static TweetRecord withEntities(TweetRecord r, Entities e) {
        return new TweetRecord(r.id(), r.createdAt(), r.screenname(), r.username(), r.userFavouritesCount(),
                r.userFollowersCount(), r.userFriendsCount(), r.userListedCount(), r.userStatusesCount(), r.verified(),
                r.verifiedType(), r.text(), r.tweetFavoriteCount(), r.tweetQuoteCount(), r.tweetReplyCount(),
                r.tweetRetweetCount(), r.userId(), e);
    }
}
