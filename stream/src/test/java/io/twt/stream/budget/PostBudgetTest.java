package io.twt.stream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.stream.MutableClock;
import io.twt.stream.StderrCapture;
import io.twt.stream.StreamDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostBudgetTest {

    private static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOON);

    private Path state() {
        return dir.resolve("x-post-budget.json");
    }

    private PostBudget open(long daily, long monthly) {
        return PostBudget.open(state(), daily, monthly, clock);
    }

    private static void count(PostBudget budget, int posts) {
        for (int i = 0; i < posts; i++) {
            budget.count();
        }
    }

    @Test
    void theDefaultDailyCapIsTheMonthlyCapOver31DaysSoAFullMonthAtTheDailyCapStaysUnderIt() {
        assertThat(StreamDefaults.MONTHLY_POST_CAP).isEqualTo(2_000_000);
        assertThat(StreamDefaults.DAILY_POST_CAP).isEqualTo(64_516);
        assertThat(StreamDefaults.DAILY_POST_CAP * 31).isLessThanOrEqualTo(StreamDefaults.MONTHLY_POST_CAP);
        assertThat(PostBudget.spendUsd(StreamDefaults.MONTHLY_POST_CAP)).isEqualTo(10_000.0);
    }

    @Test
    void countsPersistAcrossARestart() {
        PostBudget first = open(100, 1000);
        count(first, 7);
        first.save();

        PostBudget second = open(100, 1000);

        assertThat(second.today()).isEqualTo(7);
        assertThat(second.thisMonth()).isEqualTo(7);
    }

    @Test
    void countsAreWrittenWhilePostsArriveAtLeastEveryFewSecondsWithoutAnExplicitSave() {
        PostBudget first = open(100, 1000);
        count(first, 3);
        clock.advance(PostBudget.SAVE_EVERY);
        first.count();

        assertThat(open(100, 1000).today()).isEqualTo(4);
    }

    @Test
    void at80PercentOfTheDailyCapOneWarningLineNamesTheCapAndTheCounts() {
        try (StderrCapture log = new StderrCapture()) {
            PostBudget budget = open(10, 1000);
            count(budget, 7);
            assertThat(budget.nearCap()).isFalse();
            assertThat(log.text()).doesNotContain("of the daily cap");

            count(budget, 2);

            assertThat(budget.nearCap()).isTrue();
            assertThat(log.text().split("80% of the daily cap of 10", -1)).hasSize(2);
            assertThat(log.text()).contains("8 posts read today, 80% of the daily cap of 10 (about $0.04 of $0.05)");
            assertThat(log.text()).doesNotContain("monthly cap of 1000");
        }
    }

    @Test
    void at80PercentOfTheMonthlyCapTheWarningNamesTheMonthlyCap() {
        try (StderrCapture log = new StderrCapture()) {
            PostBudget budget = open(1000, 10);
            count(budget, 8);
            assertThat(log.text()).contains("8 posts read this month, 80% of the monthly cap of 10");
        }
    }

    @Test
    void theDailyCapIsReachedAtItsCountAndReadingResumesAtTheNextMidnightUtc() {
        PostBudget budget = open(3, 1000);
        assertThat(budget.count()).isFalse();
        assertThat(budget.count()).isFalse();
        assertThat(budget.resumesAt()).isNull();

        assertThat(budget.count()).isTrue();

        assertThat(budget.reachedCap()).isEqualTo(PostBudget.Cap.DAILY);
        assertThat(budget.resumesAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }

    @Test
    void theDayEndsExactlyAtMidnightUtc() {
        clock.set(Instant.parse("2026-03-14T23:59:59.999999999Z"));
        PostBudget budget = open(2, 1000);
        count(budget, 2);
        assertThat(budget.resumesAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));

        clock.set(Instant.parse("2026-03-15T00:00:00Z"));

        assertThat(budget.resumesAt()).isNull();
        assertThat(budget.today()).isZero();
        assertThat(budget.thisMonth()).isEqualTo(2);
        assertThat(budget.count()).isFalse();
        assertThat(budget.today()).isEqualTo(1);
    }

    @Test
    void theMonthlyCapHoldsUntilTheFirstOfTheNextUtcMonthWhenTheCountsStartAgain() {
        clock.set(Instant.parse("2026-01-31T22:00:00Z"));
        PostBudget budget = open(1000, 5);
        count(budget, 5);
        assertThat(budget.reachedCap()).isEqualTo(PostBudget.Cap.MONTHLY);
        assertThat(budget.resumesAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));

        clock.set(Instant.parse("2026-02-01T00:00:00Z"));

        assertThat(budget.resumesAt()).isNull();
        assertThat(budget.thisMonth()).isZero();
        assertThat(budget.today()).isZero();
    }

    @Test
    void whenBothCapsAreReachedTheMonthlyOneDecidesWhenReadingResumes() {
        clock.set(Instant.parse("2026-03-20T10:00:00Z"));
        PostBudget budget = open(4, 4);
        count(budget, 4);

        assertThat(budget.reachedCap()).isEqualTo(PostBudget.Cap.MONTHLY);
        assertThat(budget.resumesAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void aStateFileOfAnEarlierDayKeepsOnlyItsMonthAndOneOfAnEarlierMonthNothing() {
        PostBudget budget = open(100, 1000);
        count(budget, 6);
        budget.save();

        clock.set(Instant.parse("2026-03-15T08:00:00Z"));
        PostBudget nextDay = open(100, 1000);
        assertThat(nextDay.today()).isZero();
        assertThat(nextDay.thisMonth()).isEqualTo(6);

        clock.set(Instant.parse("2026-04-01T08:00:00Z"));
        PostBudget nextMonth = open(100, 1000);
        assertThat(nextMonth.thisMonth()).isZero();
    }

    @Test
    void aSpentBudgetIsStillSpentAfterARestart() {
        PostBudget budget = open(2, 1000);
        count(budget, 2);

        assertThat(open(2, 1000).resumesAt()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"{not json", "{\"day\":\"2026-03-14\",\"day_posts\":-3,\"month\":\"2026-03\",\"month_posts\":5}",
            "{\"day\":\"yesterday\",\"day_posts\":1,\"month\":\"2026-03\",\"month_posts\":5}", ""})
    void aCorruptStateFileStartsFromZeroWithAWarningAndIsWrittenAnew(String content) throws Exception {
        Files.writeString(state(), content);
        try (StderrCapture log = new StderrCapture()) {
            PostBudget budget = open(100, 1000);

            assertThat(budget.today()).isZero();
            assertThat(budget.thisMonth()).isZero();
            assertThat(log.text()).contains("is not a budget state").contains("counting from zero");
            budget.count();
            budget.save();
            assertThat(open(100, 1000).today()).isEqualTo(1);
        }
    }

    @Test
    void aMissingStateFileStartsFromZeroWithAWarning() {
        try (StderrCapture log = new StderrCapture()) {
            assertThat(open(100, 1000).thisMonth()).isZero();
            assertThat(log.text()).contains("no state file").contains("counting from zero");
        }
    }

    @Test
    void theStateFileIsReplacedWholeWithNoTemporaryFileLeftBehind() throws Exception {
        PostBudget budget = open(100, 1000);
        count(budget, 2);
        budget.save();

        assertThat(Files.readString(state())).isEqualTo("{\"day\":\"2026-03-14\",\"day_posts\":2,\"month\":\"2026-03\",\"month_posts\":2}\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(state());
        }
    }

    @Test
    void seedingRaisesTheCountsOnlyWhereXReportsMore() {
        PostBudget budget = open(100, 1000);
        count(budget, 10);

        budget.seed(OptionalLong.of(400), Map.of(LocalDate.parse("2026-03-14"), 5L, LocalDate.parse("2026-03-13"), 90L));

        assertThat(budget.thisMonth()).isEqualTo(400);
        assertThat(budget.today()).isEqualTo(10);

        budget.seed(OptionalLong.of(20), Map.of(LocalDate.parse("2026-03-14"), 50L));

        assertThat(budget.thisMonth()).isEqualTo(400);
        assertThat(budget.today()).isEqualTo(50);
        assertThat(open(100, 1000).thisMonth()).as("seeded counts are saved").isEqualTo(400);
    }

    @Test
    void aSeededCountOverTheCapSpendsTheBudget() {
        PostBudget budget = open(100, 1000);

        budget.seed(OptionalLong.of(1200), Map.of());

        assertThat(budget.reachedCap()).isEqualTo(PostBudget.Cap.MONTHLY);
        assertThat(budget.resumesAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void aStateFileThatCannotBeWrittenIsLoggedOnceAndCountingGoesOn() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the state's folder should be");
        try (StderrCapture log = new StderrCapture()) {
            PostBudget budget = PostBudget.open(blocked.resolve("x-post-budget.json"), 100, 1000, clock);
            budget.count();
            clock.advance(Duration.ofMinutes(1));
            budget.count();

            assertThat(budget.today()).isEqualTo(2);
            assertThat(log.text().split("cannot write the state file", -1)).hasSize(2);
        }
    }
}
