package io.twt.core.trim;

import static io.twt.core.record.TestJson.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An edited post's record names its first version in original_id, from v2's
 * edit_history_tweet_ids (oldest first); every other post's record is what it was before the key
 * existed.
 */
class EditedPostsTest {

    private static final String EDIT = "1896215732465139712";
    private static final String ORIGINAL = "1896215700000000001";

    @Test
    void anEditNamesTheFirstIdOfItsEditHistory() {
        String line = new Payloads.V2().data("edit_history_tweet_ids",
                "[" + quote(ORIGINAL) + "," + quote("1896215710000000002") + "," + quote(EDIT) + "]").line();

        assertThat(Trim.post(line)).containsEntry("id", EDIT).containsEntry("original_id", ORIGINAL);
    }

    @Test
    void aPostThatWasNeverEditedHasNoOriginalIdAndTheSameBytesAsWithoutAnEditHistory() {
        String listsItself = new Payloads.V2().line();
        String noHistory = new Payloads.V2().withoutData("edit_history_tweet_ids").line();
        String nullHistory = new Payloads.V2().data("edit_history_tweet_ids", "null").line();
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);

        assertThat(Trim.post(listsItself)).doesNotContainKey("original_id");
        assertThat(trimmer.trim(listsItself).jsonString())
                .isEqualTo(trimmer.trim(noHistory).jsonString())
                .isEqualTo(trimmer.trim(nullHistory).jsonString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1896215700000000001\"", "{}", "[\"12a\",\"1896215732465139712\"]", "[[1],\"1896215732465139712\"]"})
    void anEditHistoryXWouldNeverSendIsRefusedNamingTheField(String raw) {
        Problem p = Trim.rejected(new Payloads.V2().data("edit_history_tweet_ids", raw).line());

        assertThat(p.code()).isEqualTo(Problem.INVALID_ID);
        assertThat(p.field()).isEqualTo("data.edit_history_tweet_ids");
    }

    @Test
    void theRecordRulesAcceptAnOriginalIdOfDigitsOrNullAndRefuseAnythingElse() {
        RecordValidator rules = new RecordValidator();
        TweetRecord edit = new TweetRecord(EDIT, Instant.parse("2026-03-01T12:00:09Z"), "s", "", 0, 0, 0, 0, 0,
                false, "none", "", 0, 0, 0, 0, "42", ORIGINAL, io.twt.core.record.Entities.NONE);
        String json = new RecordJson().toJson(edit);

        assertThat(json).contains(",\"user_id\":\"42\",\"original_id\":\"" + ORIGINAL + "\"}");
        assertThat(rules.check(json)).isNull();
        assertThat(rules.check(json.replace("\"" + ORIGINAL + "\"", "null"))).isNull();
        Problem letters = rules.check(json.replace("\"" + ORIGINAL + "\"", "\"first\""));
        assertThat(letters.code()).isEqualTo(Problem.INVALID_ID);
        assertThat(letters.field()).isEqualTo("original_id");
        assertThat(rules.check(json.replace("\"" + ORIGINAL + "\"", ORIGINAL)).code()).as("a number, not a string").isEqualTo(Problem.INVALID_ID);
    }
}
