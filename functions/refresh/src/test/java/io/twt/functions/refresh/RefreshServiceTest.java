package io.twt.functions.refresh;

import static io.twt.functions.refresh.Posts.post;
import static io.twt.functions.refresh.Posts.withLikes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.record.TweetRecord;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.ReferenceTables;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshResult.MergeCounts;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.RefreshScript;
import io.twt.core.sql.RefreshTask;
import io.twt.core.sql.SqlCatalogue;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The refresh through the service, on DuckDB: the Snowflake code path with only the dialect changed. */
class RefreshServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final RefreshRunner DUCKDB = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB));

    private Warehouse warehouse;

    @BeforeEach
    void open() throws SQLException {
        warehouse = Warehouse.inMemory();
    }

    @AfterEach
    void close() throws SQLException {
        warehouse.close();
    }

    private RefreshService service(Connection connection) {
        return new RefreshService(() -> connection, DUCKDB, 240);
    }

    private RefreshResult refresh() throws SQLException {
        return service(warehouse.connection()).refresh(null);
    }

    @Test
    void anEmptyStreamRunsExactlyTheOneCheckAndNoDml() throws Exception {
        Jdbc.Traffic traffic = new Jdbc.Traffic();

        RefreshResult r = service(Jdbc.wrap(warehouse.connection(), traffic)).refresh(null);

        assertThat(r.ran()).isFalse();
        assertThat(r.statements()).isEqualTo(1);
        assertThat(traffic.statements).containsExactly(Dialect.DUCKDB.streamHasData());
        assertThat(traffic.roundTrips()).isEqualTo(1);
        assertThat(r.users()).isEqualTo(MergeCounts.NONE);
        assertThat(r.tweets()).isEqualTo(MergeCounts.NONE);
    }

    @Test
    void aRunAfterACommittedRunFindsTheStreamConsumed() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        assertThat(refresh().ran()).isTrue();

        Jdbc.Traffic traffic = new Jdbc.Traffic();
        RefreshResult again = service(Jdbc.wrap(warehouse.connection(), traffic)).refresh(null);

        assertThat(again.ran()).isFalse();
        assertThat(traffic.statements).hasSize(1);
        assertThat(warehouse.consumedSeq()).isEqualTo(warehouse.lastLoadSeq());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void duplicatesLateRowsAndRedeliveriesOverManyRunsGiveTheDefinedTables(long seed) throws Exception {
        Posts posts = new Posts(seed, 15, T0);
        Random random = new Random(seed);
        List<TweetRecord> observations = posts.observations(1_500);
        // Deliveries arrive shuffled (late rows), in objects of random size, some delivered twice
        // under another name; refreshes run between some of the loads.
        List<TweetRecord> deliveries = new ArrayList<>(observations);
        Collections.shuffle(deliveries, random);
        int from = 0;
        while (from < deliveries.size()) {
            int to = Math.min(deliveries.size(), from + 1 + random.nextInt(300));
            List<TweetRecord> object = deliveries.subList(from, to);
            warehouse.load(object);
            if (random.nextInt(4) == 0) {
                warehouse.load(object);
            }
            if (random.nextBoolean()) {
                refresh();
            }
            from = to;
        }
        refresh();

        assertThat(warehouse.tweets()).isEqualTo(ReferenceTables.tweets(observations));
        assertThat(warehouse.users()).isEqualTo(ReferenceTables.users(observations));
        assertThat(warehouse.consumedSeq()).isEqualTo(warehouse.lastLoadSeq());
    }

    @Test
    void insertedAndUpdatedAreCountedExactly() throws Exception {
        TweetRecord adaOld = post("1900000000000000010", "2026-03-01T12:00:10Z", "ada", 100, 5);
        TweetRecord boOld = post("1900000000000000020", "2026-03-01T12:00:20Z", "bo", 200, 5);
        TweetRecord cyOld = post("1900000000000000030", "2026-03-01T12:00:30Z", "cy", 300, 5);
        warehouse.load(List.of(adaOld, boOld, cyOld));
        assertThat(refresh().users()).isEqualTo(new MergeCounts(3, 0));

        List<TweetRecord> batch = List.of(
                // two new authors, two new posts
                post("1900000000000000040", "2026-03-01T12:00:40Z", "di", 400, 1),
                post("1900000000000000050", "2026-03-01T12:00:50Z", "ed", 500, 1),
                // ada posts again, later: her profile is updated, one new post
                post("1900000000000000060", "2026-03-01T12:01:00Z", "ada", 150, 1),
                // a late, older post by bo: a new post, but his newer profile stays
                post("1900000000000000015", "2026-03-01T12:00:15Z", "bo", 999, 1),
                // bo's post seen again with more likes (twice in the batch): updated once
                withLikes(boOld, 9),
                withLikes(boOld, 12),
                // cy's post seen again, unchanged: neither inserted nor updated
                cyOld);
        warehouse.load(batch);

        RefreshResult r = refresh();

        assertThat(r.batchRows()).as("distinct posts").isEqualTo(6);
        assertThat(r.users()).isEqualTo(new MergeCounts(2, 1));
        assertThat(r.tweets()).isEqualTo(new MergeCounts(4, 1));
        List<TweetRecord> all = new ArrayList<>(List.of(adaOld, boOld, cyOld));
        all.addAll(batch);
        assertThat(warehouse.users()).isEqualTo(ReferenceTables.users(all));
        assertThat(warehouse.tweets()).isEqualTo(ReferenceTables.tweets(all));
        assertThat(warehouse.tweets().get(boOld.id()).get(4)).isEqualTo("12");
        assertThat(warehouse.users().get("bo").get(3)).as("bo's followers from his newest post").isEqualTo("200");
    }

    @Test
    void theSameRowsDeliveredAgainChangeNothing() throws Exception {
        List<TweetRecord> observations = new Posts(7, 5, T0).observations(200);
        warehouse.load(observations);
        refresh();

        warehouse.load(observations);
        RefreshResult again = refresh();

        assertThat(again.ran()).isTrue();
        assertThat(again.users()).isEqualTo(MergeCounts.NONE);
        assertThat(again.tweets()).isEqualTo(MergeCounts.NONE);
        assertThat(warehouse.tweets()).isEqualTo(ReferenceTables.tweets(observations));
        assertThat(warehouse.users()).isEqualTo(ReferenceTables.users(observations));
    }

    @Test
    void aFailureMidTransactionCommitsNothingAndTheNextRunSeesTheSameRows() throws Exception {
        List<TweetRecord> observations = new Posts(11, 8, T0).observations(300);
        warehouse.load(observations);
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        Connection failing = Jdbc.wrap(warehouse.connection(), traffic, sql -> {
            if (sql.startsWith("MERGE INTO twt_tweet")) {
                throw new SQLException("injected failure in the tweet merge", "57014");
            }
        });

        assertThatThrownBy(() -> service(failing).refresh(null))
                .isInstanceOf(SQLException.class).hasMessage("injected failure in the tweet merge");

        assertThat(traffic.statements).last().isEqualTo("ROLLBACK");
        assertThat(traffic.statements).filteredOn(sql -> sql.startsWith("MERGE INTO twt_user")).hasSize(1);
        assertThat(warehouse.count("twt_user")).as("the user merge before the failure was rolled back").isZero();
        assertThat(warehouse.count("twt_tweet")).isZero();
        assertThat(warehouse.consumedSeq()).as("the stream did not move").isZero();

        RefreshResult retry = refresh();

        assertThat(retry.batchRows()).isEqualTo(ReferenceTables.tweets(observations).size());
        assertThat(warehouse.tweets()).isEqualTo(ReferenceTables.tweets(observations));
        assertThat(warehouse.users()).isEqualTo(ReferenceTables.users(observations));
    }

    @Test
    void aFailingConnectionSourceFailsTheRefreshBeforeAnyStatement() {
        RefreshService service = new RefreshService(() -> {
            throw new SQLException("Snowflake login to account xy12345 as TWT_REFRESH failed after 20000 ms: timed out", "08001");
        }, DUCKDB, 240);

        assertThatThrownBy(() -> service.refresh(null)).isInstanceOf(SQLException.class).hasMessageContaining("login");
    }

    @Test
    void theSourceIsAskedForItsConnectionOnEveryRun() throws Exception {
        AtomicLong asked = new AtomicLong();
        RefreshService service = new RefreshService(() -> {
            asked.incrementAndGet();
            return warehouse.connection();
        }, DUCKDB, 240);

        service.refresh(null);
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        service.refresh(null);

        assertThat(asked.get()).as("the source checks the connection and reopens it when needed").isEqualTo(2);
    }

    @Test
    void eachStatementGetsTheConfiguredLimitWhileTheInvocationHasMoreTimeLeft() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();

        new RefreshService(() -> Jdbc.wrap(warehouse.connection(), traffic), DUCKDB, 30).refresh(Duration.ofMinutes(10));

        assertThat(traffic.queryTimeouts).hasSize(15).containsOnly(30);
    }

    @Test
    void nearTheDeadlineEachStatementGetsOnlyWhatIsLeftBeforeTheMargin() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        // A clock that moves 20 s each time it is read: the limit shrinks statement by statement.
        AtomicLong nanos = new AtomicLong();
        RefreshService service = new RefreshService(() -> Jdbc.wrap(warehouse.connection(), traffic), DUCKDB, 240,
                () -> nanos.getAndAdd(Duration.ofSeconds(20).toNanos()));

        service.refresh(Duration.ofSeconds(150));

        // 150 s left - 10 s margin = 140 s at the start; each later statement sees 20 s less, never below 1 s.
        assertThat(traffic.queryTimeouts).containsExactly(120, 100, 80, 60, 40, 20, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void withoutADeadlineTheConfiguredLimitAppliesAndZeroMeansNone() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();

        new RefreshService(() -> Jdbc.wrap(warehouse.connection(), traffic), DUCKDB, 0).refresh(null);

        assertThat(traffic.queryTimeouts).isNotEmpty().containsOnly(0);
        assertThatThrownBy(() -> new RefreshService(warehouse.source(), DUCKDB, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }

    /** DuckDB answers for the two Snowflake-only statements of serverless mode, in their result shapes. */
    private static final Map<String, String> TASK_STAND_INS = Map.of(
            RefreshTask.SHOW, "SELECT 'TWT_REFRESH_TASK' AS name, 'suspended' AS state",
            RefreshTask.EXECUTE, "SELECT 'Task TWT_REFRESH_TASK is scheduled to run immediately.' AS status");

    @Test
    void serverlessModeExecutesTheTaskOnlyWhenTheStreamHasNewsAndMergesNothingItself() throws Exception {
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        RefreshService service = service(Jdbc.wrap(Jdbc.translating(warehouse.connection(), TASK_STAND_INS), traffic));

        TaskRun empty = service.trigger(null);
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        TaskRun news = service.trigger(null);

        assertThat(empty).extracting(TaskRun::streamHadData, TaskRun::executed, TaskRun::taskState, TaskRun::statements)
                .containsExactly(false, false, "suspended", 2);
        assertThat(news).extracting(TaskRun::streamHadData, TaskRun::executed, TaskRun::taskState, TaskRun::statements)
                .containsExactly(true, true, "suspended", 3);
        String check = new SqlCatalogue(Dialect.DUCKDB).script().sql(RefreshScript.STREAM_HAS_DATA);
        assertThat(traffic.statements).containsExactly(RefreshTask.SHOW, check, RefreshTask.SHOW, check, RefreshTask.EXECUTE);
        assertThat(warehouse.count("twt_tweet")).as("the task merges, not the function").isZero();
        assertThat(warehouse.consumedSeq()).isZero();
    }

    @Test
    void serverlessModeGivesEachStatementWhatIsLeftBeforeTheMargin() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        AtomicLong nanos = new AtomicLong();
        RefreshService service = new RefreshService(() -> Jdbc.wrap(Jdbc.translating(warehouse.connection(), TASK_STAND_INS), traffic),
                DUCKDB, 240, () -> nanos.getAndAdd(Duration.ofSeconds(20).toNanos()));

        service.trigger(Duration.ofSeconds(150));

        assertThat(traffic.queryTimeouts).containsExactly(120, 100, 80);
    }

    @Test
    void serverlessModeWithoutTheTaskFailsAfterShowTasksSayingWhy() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        RefreshService service = service(Jdbc.wrap(Jdbc.translating(warehouse.connection(),
                Map.of(RefreshTask.SHOW, "SELECT 'x' AS name, 'suspended' AS state WHERE false")), traffic));

        assertThatThrownBy(() -> service.trigger(null))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("the refresh task twt_refresh_task does not exist");
        assertThat(traffic.statements).containsExactly(RefreshTask.SHOW);
    }
}
