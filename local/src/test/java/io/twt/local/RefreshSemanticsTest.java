package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.ReferenceTables;
import io.twt.core.sql.RefreshResult;
import io.twt.testkit.SampleGenerator;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The refresh SQL (DuckDB dialect of the one catalogue) against the table semantics. */
class RefreshSemanticsTest {

    private static final RecordJson JSON = new RecordJson();
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void repeatedAndOutOfOrderDeliveriesOverSeveralRunsGiveTheDefinedTables(long seed) throws Exception {
        SampleGenerator gen = new SampleGenerator(seed, 12, T0);
        Random rnd = new Random(seed);
        List<TweetRecord> observations = new ArrayList<>();
        List<SampleGenerator.Post> posts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            SampleGenerator.Post p = gen.next();
            posts.add(p);
            observations.add(SampleGenerator.toRecord(p));
            if (rnd.nextInt(4) == 0) {
                // The same post seen again later: grown counters, the author's current profile.
                SampleGenerator.Post earlier = posts.get(rnd.nextInt(posts.size()));
                observations.add(SampleGenerator.toRecord(earlier.seenAgain(gen.currentProfileOf(earlier), gen.random())));
            }
            if (rnd.nextInt(10) == 0) {
                observations.add(observations.get(rnd.nextInt(observations.size())));
            }
        }
        // Out of order: deliveries arrive shuffled, in several runs.
        List<TweetRecord> deliveries = new ArrayList<>(observations);
        Collections.shuffle(deliveries, rnd);
        try (LocalStore store = LocalStore.open(null)) {
            int from = 0;
            int file = 0;
            while (from < deliveries.size()) {
                int to = Math.min(deliveries.size(), from + 1 + rnd.nextInt(250));
                List<TweetRecord> chunk = deliveries.subList(from, to);
                assertThat(store.load("run-" + file + ".gz", ndjson(chunk))).isEqualTo(chunk.size());
                // Snowpipe never loads a file twice; a re-delivered object under a new name is loaded again.
                assertThat(store.load("run-" + file + ".gz", ndjson(chunk))).isEqualTo(-1);
                if (rnd.nextInt(3) == 0) {
                    store.load("redelivered-" + file + ".gz", ndjson(chunk));
                }
                if (rnd.nextBoolean()) {
                    store.refresh();
                }
                from = to;
                file++;
            }
            store.refresh();

            assertThat(StoreRows.tweets(store)).isEqualTo(ReferenceTables.tweets(observations));
            assertThat(StoreRows.users(store)).isEqualTo(ReferenceTables.users(observations));
            assertThat(store.count("twt_tweet")).isEqualTo(posts.size());
        }
    }

    @Test
    void aLateOlderPostNeverOverwritesANewerProfile() throws Exception {
        TweetRecord newer = record("1900000000000000002", "2026-03-01T12:00:10Z", "ada", 500, 7);
        TweetRecord older = record("1900000000000000001", "2026-03-01T12:00:05Z", "ada", 999, 3);
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", ndjson(List.of(newer)));
            store.refresh();
            store.load("b.gz", ndjson(List.of(older)));
            store.refresh();
            assertThat(store.rows("SELECT user_followers_count, strftime(last_updated, '%Y-%m-%d %H:%M:%S'), last_tweet_id FROM twt_user"))
                    .containsExactly(List.of("500", "2026-03-01 12:00:10", "1900000000000000002"));
            assertThat(store.count("twt_tweet")).isEqualTo(2);
        }
    }

    @Test
    void sameSecondIsOrderedByNumericIdNotByText() throws Exception {
        // "999…" sorts after "1000…" as text; as numbers the 20-digit-wide id is later.
        TweetRecord small = record("999999999999999999", "2026-03-01T12:00:00Z", "bo", 10, 1);
        TweetRecord big = record("1000000000000000000", "2026-03-01T12:00:00Z", "bo", 20, 1);
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", ndjson(List.of(big)));
            store.refresh();
            store.load("b.gz", ndjson(List.of(small)));
            store.refresh();
            assertThat(store.rows("SELECT user_followers_count, last_tweet_id FROM twt_user"))
                    .containsExactly(List.of("20", "1000000000000000000"));
        }
    }

    @Test
    void duplicateIdsWithDifferentCountersInOneBatchCollapseToTheGreatest() throws Exception {
        TweetRecord a = record("1900000000000000001", "2026-03-01T12:00:00Z", "cy", 10, 5);
        TweetRecord b = withTweetCounts(a, 9, 0, 4, 1);
        TweetRecord c = withTweetCounts(a, 2, 3, 0, 0);
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", ndjson(List.of(a, b, c)));
            RefreshResult r = store.refresh();
            assertThat(r.batchRows()).isEqualTo(1);
            assertThat(store.rows("SELECT tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count FROM twt_tweet"))
                    .containsExactly(List.of("9", "3", "4", "5"));
        }
    }

    @Test
    void timestampsWithAnOffsetAreStoredInUtc() throws Exception {
        String line = JSON.toJson(record("1900000000000000001", "2026-03-01T12:00:00Z", "di", 1, 1))
                .replace("2026-03-01T12:00:00.000Z", "2026-03-01T14:00:00.000+02:00");
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)));
            store.refresh();
            assertThat(store.rows("SELECT strftime(created_at, '%Y-%m-%d %H:%M:%S') FROM twt_tweet"))
                    .containsExactly(List.of("2026-03-01 12:00:00"));
        }
    }

    @Test
    void anEmptyStreamRunsOneQueryAndNoDml() throws Exception {
        try (LocalStore store = LocalStore.open(null)) {
            RefreshResult r = store.refresh();
            assertThat(r.ran()).isFalse();
            assertThat(r.statements()).isEqualTo(1);
            store.load("a.gz", ndjson(List.of(record("1900000000000000001", "2026-03-01T12:00:00Z", "ed", 1, 1))));
            assertThat(store.refresh().ran()).isTrue();
            RefreshResult again = store.refresh();
            assertThat(again.ran()).as("the stream was consumed by the committed refresh").isFalse();
        }
    }

    @Test
    void aFailureMidTransactionCommitsNothingAndTheNextRunSeesTheSameRows() throws Exception {
        List<TweetRecord> batch = List.of(
                record("1900000000000000001", "2026-03-01T12:00:00Z", "fa", 1, 1),
                record("1900000000000000002", "2026-03-01T12:00:01Z", "go", 2, 2));
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", ndjson(batch));
            Connection failing = failOn(store.connection(), "MERGE INTO twt_tweet");
            assertThatThrownBy(() -> new io.twt.core.sql.RefreshRunner(new io.twt.core.sql.SqlCatalogue(io.twt.core.sql.Dialect.DUCKDB)).run(failing))
                    .isInstanceOf(SQLException.class).hasMessageContaining("injected");
            assertThat(store.count("twt_user")).as("the user merge before the failure was rolled back").isZero();
            assertThat(store.count("twt_tweet")).isZero();
            assertThat(store.queryLong("SELECT consumed_seq FROM twt_stream_offset")).isZero();

            RefreshResult retry = store.refresh();
            assertThat(retry.batchRows()).isEqualTo(2);
            assertThat(StoreRows.tweets(store)).isEqualTo(ReferenceTables.tweets(batch));
            assertThat(StoreRows.users(store)).isEqualTo(ReferenceTables.users(batch));
        }
    }

    @ParameterizedTest(name = "failing at {0}")
    @ValueSource(strings = {"INSERT INTO twt_tweet_entity", "UPDATE twt_stream_offset"})
    void theEntitiesAreCommittedWithTheMergesOrNotAtAll(String failingStatement) throws Exception {
        Entities atom = new Entities.Builder().add(EntityField.CASHTAGS, "ATOM").add(EntityField.HASHTAGS, "Crypto").build();
        List<TweetRecord> batch = List.of(
                withEntities(record("1900000000000000001", "2026-03-01T12:00:00Z", "fa", 1, 1), atom),
                withEntities(record("1900000000000000002", "2026-03-01T12:00:01Z", "go", 2, 2), atom));
        try (LocalStore store = LocalStore.open(null)) {
            store.load("a.gz", ndjson(batch));
            Connection failing = failOn(store.connection(), failingStatement);
            assertThatThrownBy(() -> new io.twt.core.sql.RefreshRunner(new io.twt.core.sql.SqlCatalogue(io.twt.core.sql.Dialect.DUCKDB)).run(failing))
                    .isInstanceOf(SQLException.class).hasMessageContaining("injected");
            assertThat(store.count("twt_tweet")).as("the merges before the failure were rolled back").isZero();
            assertThat(store.count("twt_tweet_entity")).isZero();

            assertThat(store.refresh().batchRows()).isEqualTo(2);
            assertThat(store.rows("SELECT tweet_id, kind, value FROM twt_tweet_entity ORDER BY 1, 2")).containsExactly(
                    List.of("1900000000000000001", "cashtag", "ATOM"), List.of("1900000000000000001", "hashtag", "crypto"),
                    List.of("1900000000000000002", "cashtag", "ATOM"), List.of("1900000000000000002", "hashtag", "crypto"));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static TweetRecord withEntities(TweetRecord r, Entities entities) {
        return new TweetRecord(r.id(), r.createdAt(), r.screenname(), r.username(), r.userFavouritesCount(),
                r.userFollowersCount(), r.userFriendsCount(), r.userListedCount(), r.userStatusesCount(), r.verified(),
                r.verifiedType(), r.text(), r.tweetFavoriteCount(), r.tweetQuoteCount(), r.tweetReplyCount(), r.tweetRetweetCount(),
                r.userId(), entities);
    }

    private static TweetRecord record(String id, String createdAt, String screenName, long followers, long likes) {
        return new TweetRecord(id, Instant.parse(createdAt), screenName, screenName.toUpperCase(), 1, followers, 2, 3, 4,
                false, "none", "post " + id + " about $ATOM", likes, 0, 0, 5, "42");
    }

    private static TweetRecord withTweetCounts(TweetRecord r, long fav, long quote, long reply, long retweet) {
        return new TweetRecord(r.id(), r.createdAt(), r.screenname(), r.username(), r.userFavouritesCount(),
                r.userFollowersCount(), r.userFriendsCount(), r.userListedCount(), r.userStatusesCount(), r.verified(),
                r.verifiedType(), r.text(), fav, quote, reply, retweet, r.userId());
    }

    private static ByteArrayInputStream ndjson(List<TweetRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (TweetRecord r : records) {
            sb.append(JSON.toJson(r)).append('\n');
        }
        return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A connection whose statements throw when they run SQL containing {@code marker}. */
    private static Connection failOn(Connection real, String marker) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement) {
                        Statement s = (Statement) result;
                        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                                (p2, m2, a2) -> {
                                    if (a2 != null && a2.length > 0 && a2[0] instanceof String && ((String) a2[0]).contains(marker)) {
                                        throw new SQLException("injected failure at " + marker);
                                    }
                                    return invoke(s, m2, a2);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
