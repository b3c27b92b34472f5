package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CSV files twt local writes: RFC 4180, timestamps exactly as the tables hold them. */
class CsvExportTest {

    @TempDir
    Path dir;

    @Test
    void aRowIsOneRfc4180RecordWithQuotesDoubledLineBreaksKeptAndNullAsNothing() throws Exception {
        String line = "{\"id\":\"7\",\"created_at\":\"2026-03-01T12:00:09.120Z\",\"screenname\":\"a\",\"username\":\"\","
                + "\"user_favourites_count\":0,\"user_followers_count\":0,\"user_friends_count\":0,\"user_listed_count\":0,"
                + "\"user_statuses_count\":0,\"verified\":false,\"verified_type\":\"none\",\"text\":\"say \\\"hi\\\", then\\r\\nbye\","
                + "\"tweet_favorite_count\":3,\"tweet_quote_count\":0,\"tweet_reply_count\":0,\"tweet_retweet_count\":0,\"user_id\":null}";
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)));
            store.refresh();

            store.exportCsv(dir);

            assertThat(Files.readString(dir.resolve("twt_tweet.csv"), StandardCharsets.UTF_8)).isEqualTo(
                    "id,created_at,user_screen_name,text,tweet_favorite_count,tweet_quote_count,tweet_reply_count,tweet_retweet_count,user_id,original_id\r\n"
                    + "7,2026-03-01 12:00:09.120,a,\"say \"\"hi\"\", then\r\nbye\",3,0,0,0,,\r\n");
            // An empty string is quoted, so that it reads back as a string rather than as NULL.
            assertThat(Files.readString(dir.resolve("twt_user.csv"), StandardCharsets.UTF_8).split("\r\n")[1]).startsWith("a,\"\",0,");
        }
    }

    @Test
    void aRefreshLeavesInsertionOrderPreservedSoThatTheExportKeepsItsOrderBy() throws Exception {
        try (LocalStore store = LocalStore.open(null)) {
            store.refresh();

            assertThat(store.rows("SELECT current_setting('preserve_insertion_order')")).containsExactly(List.of("true"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T12:00:09.120Z", "1000-03-01T12:00:09.120Z", "1582-10-10T00:00:00.000Z", "0001-01-01T00:00:00.000Z"})
    void aTimestampIsExportedAsTheTableHoldsItEvenBeforeTheGregorianReform(String createdAt) throws Exception {
        // java.sql.Timestamp goes through the Julian/Gregorian hybrid calendar: 1582-10-05..14 came out ten days late.
        String line = "{\"id\":\"1\",\"created_at\":\"" + createdAt + "\",\"screenname\":\"a\",\"username\":\"A\","
                + "\"user_favourites_count\":0,\"user_followers_count\":0,\"user_friends_count\":0,\"user_listed_count\":0,"
                + "\"user_statuses_count\":0,\"verified\":false,\"verified_type\":\"none\",\"text\":\"t\",\"tweet_favorite_count\":0,"
                + "\"tweet_quote_count\":0,\"tweet_reply_count\":0,\"tweet_retweet_count\":0,\"user_id\":null}";
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)));
            store.refresh();
            String inTable = store.rows("SELECT strftime(created_at, '%Y-%m-%d %H:%M:%S.%g') FROM twt_tweet").get(0).get(0);

            store.exportCsv(dir);

            List<String> tweets = Files.readAllLines(dir.resolve("twt_tweet.csv"), StandardCharsets.UTF_8);
            List<String> users = Files.readAllLines(dir.resolve("twt_user.csv"), StandardCharsets.UTF_8);
            String expected = createdAt.substring(0, 10) + " " + createdAt.substring(11, 23);
            assertThat(inTable).isEqualTo(expected);
            assertThat(tweets.get(1)).startsWith("1," + expected + ",a,");
            assertThat(users.get(1)).contains("," + expected + ",");
        }
    }
}
