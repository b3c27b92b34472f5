package io.twt.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordFieldTest {

    @Test
    void keysAreExactlyTheSpecKeysInSpecOrder() {
        List<String> keys = Arrays.stream(RecordField.values()).map(RecordField::key).collect(Collectors.toList());

        assertThat(keys.subList(0, TestJson.SPEC_KEY_ORDER.size())).containsExactlyElementsOf(TestJson.SPEC_KEY_ORDER);
        assertThat(keys.subList(TestJson.SPEC_KEY_ORDER.size(), keys.size())).containsExactly(TestJson.ORIGINAL_ID_KEY);
    }

    @Test
    void onlyUserIdAndOriginalIdAreOptional() {
        List<String> optional = Arrays.stream(RecordField.values())
                .filter(f -> !f.required())
                .map(RecordField::key)
                .collect(Collectors.toList());

        assertThat(optional).containsExactly("user_id", "original_id");
    }

    @Test
    void kindsMatchTheSpec() {
        assertThat(RecordField.ID.kind()).isEqualTo(RecordField.Kind.ID);
        assertThat(RecordField.USER_ID.kind()).isEqualTo(RecordField.Kind.OPTIONAL_ID);
        assertThat(RecordField.CREATED_AT.kind()).isEqualTo(RecordField.Kind.TIMESTAMP);
        assertThat(RecordField.SCREENNAME.kind()).isEqualTo(RecordField.Kind.NON_EMPTY_STRING);
        assertThat(RecordField.VERIFIED.kind()).isEqualTo(RecordField.Kind.BOOLEAN);
        assertThat(List.of(RecordField.USERNAME, RecordField.TEXT, RecordField.VERIFIED_TYPE))
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(RecordField.Kind.STRING));
        assertThat(Arrays.stream(RecordField.values()).filter(f -> f.key().endsWith("_count")))
                .hasSize(9)
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(RecordField.Kind.COUNT));
    }

    @Test
    void theTweetCountersAreTheFourTweetCounts() {
        assertThat(RecordField.withRole(RecordField.Role.TWEET_COUNTER)).extracting(RecordField::key).containsExactly(
                "tweet_favorite_count", "tweet_quote_count", "tweet_reply_count", "tweet_retweet_count");
    }

    @Test
    void theProfileIsTheUsersFieldsWithThePostTheyComeFrom() {
        assertThat(RecordField.withRole(RecordField.Role.PROFILE)).extracting(RecordField::key).containsExactly(
                "id", "created_at", "username", "user_favourites_count", "user_followers_count", "user_friends_count",
                "user_listed_count", "user_statuses_count", "verified", "verified_type", "user_id");
        assertThat(RecordField.withRole(RecordField.Role.POST)).extracting(RecordField::key).containsExactly(
                "id", "created_at", "screenname", "text", "user_id", "original_id");
    }

    @Test
    void everyFieldHasARoleAndNoCounterIsAlsoWrittenOnce() {
        assertThat(RecordField.values()).allSatisfy(f -> assertThat(f.roles()).isNotEmpty());
        assertThat(RecordField.withRole(RecordField.Role.TWEET_COUNTER)).noneMatch(f -> f.has(RecordField.Role.POST));
    }

    @Test
    void observationsAreOrderedByTimeThenIdThenTheProfileTieBreakers() {
        assertThat(RecordField.observationOrder()).containsExactly(
                RecordField.CREATED_AT, RecordField.ID, RecordField.USER_STATUSES_COUNT, RecordField.USER_FOLLOWERS_COUNT,
                RecordField.USER_FAVOURITES_COUNT, RecordField.USER_FRIENDS_COUNT, RecordField.USER_LISTED_COUNT,
                RecordField.USERNAME, RecordField.VERIFIED_TYPE, RecordField.VERIFIED);
    }

    @Test
    void byKeyFindsEveryFieldAndNothingElse() {
        for (RecordField f : RecordField.values()) {
            assertThat(RecordField.byKey(f.key())).isSameAs(f);
        }
        assertThat(RecordField.byKey("screen_name")).isNull();
        assertThat(RecordField.byKey("ID")).isNull();
        assertThat(RecordField.byKey("")).isNull();
    }
}
