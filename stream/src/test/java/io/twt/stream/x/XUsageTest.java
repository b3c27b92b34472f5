package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class XUsageTest {

    @Test
    void theReferenceExampleGivesTheCycleUsageAndTheCapFromStrings() {
        XUsage.Usage usage = XUsage.parse("{\"data\":{\"cap_reset_day\":10,\"project_cap\":\"5000000000\","
                + "\"project_id\":\"1369785403853424\",\"project_usage\":\"43435\"}}").orElseThrow();

        assertThat(usage.projectUsage()).isEqualTo(OptionalLong.of(43435));
        assertThat(usage.projectCap()).isEqualTo(OptionalLong.of(5_000_000_000L));
        assertThat(usage.daily()).isEmpty();
    }

    @Test
    void aDailyBreakdownAsAListOfDaysWithPerAppCountsIsSummedPerDay() {
        XUsage.Usage usage = XUsage.parse("{\"data\":{\"daily_project_usage\":[{\"date\":\"2024-01-15\",\"usage\":["
                + "{\"app_id\":\"1\",\"tweets_consumed\":15420},{\"app_id\":\"2\",\"tweets_consumed\":\"80\"}]},"
                + "{\"date\":\"2024-01-16\",\"usage\":[{\"app_id\":\"1\",\"tweets_consumed\":7}]}],"
                + "\"project_id\":\"1234567890\",\"project_cap\":10000000}}").orElseThrow();

        assertThat(usage.projectUsage()).isEmpty();
        assertThat(usage.projectCap()).isEqualTo(OptionalLong.of(10_000_000));
        assertThat(usage.daily()).isEqualTo(Map.of(LocalDate.parse("2024-01-15"), 15500L, LocalDate.parse("2024-01-16"), 7L));
    }

    @Test
    void aDailyBreakdownAsAnObjectWithUsageEntriesGivesEachDate() {
        XUsage.Usage usage = XUsage.parse("{\"data\":{\"project_usage\":12,\"daily_project_usage\":{\"project_id\":\"1\","
                + "\"usage\":[{\"date\":\"2026-03-14T00:00:00.000Z\",\"usage\":\"12\"},{\"date\":\"someday\",\"usage\":\"5\"}]}}}")
                .orElseThrow();

        assertThat(usage.projectUsage()).isEqualTo(OptionalLong.of(12));
        assertThat(usage.daily()).isEqualTo(Map.of(LocalDate.parse("2026-03-14"), 12L));
    }

    @Test
    void countsThatAreNotWholeNonNegativeNumbersAreLeftOut() {
        assertThat(XUsage.parse("{\"data\":{\"project_usage\":\"-4\",\"project_cap\":\"1e9\"}}")).isEmpty();
        assertThat(XUsage.parse("{\"data\":{\"project_usage\":1.5}}")).isEmpty();
    }
}
