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
            // Each rendering adds its own entity keys: v1.1 its symbols, v2 its one matching rule.
            Entities.Builder v1Entities = new Entities.Builder();
            SampleGenerator.cashtagsIn(p.text()).forEach(tag -> v1Entities.add(EntityField.CASHTAGS, tag.substring(1)));
            Entities v2Entities = new Entities.Builder().add(EntityField.MATCHING_RULES, "twt").build();
            assertTrimsTo(trimmer, gen.v1(p), withEntities(SampleGenerator.toRecord(p), v1Entities.build()));
            assertTrimsTo(trimmer, gen.v2(p), withEntities(SampleGenerator.toRecord(p), v2Entities));
        }
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
