package io.twt.local.cost;

import static io.twt.local.cost.CostModel.CLOUD_SERVICES;
import static io.twt.local.cost.CostModel.COMPUTE;
import static io.twt.local.cost.CostModel.FIREHOSE;
import static io.twt.local.cost.CostModel.POST_READS;
import static io.twt.local.cost.CostModel.SNOWPIPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.twt.local.cost.CostInputs.Compute;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bill against hand-worked examples (2,000-byte posts, 10 s runs, 5 MiB buffers; the template's defaults
 * are a 60 s buffer and a run every 2 minutes, the examples at 5 minutes use a 300 s buffer).
 */
class CostModelTest {

    /** 1,000,000 posts of 2,000 bytes fill 5 MiB in 226 s: a raw/ object every 226 s, so every 300 s run has new rows. */
    private static final long CONTINUOUS = 1_000_000;

    private static CostInputs inputs(long posts, Compute compute, int generation, String schedule, int bufferInterval) {
        CostInputs d = CostInputs.defaults(posts);
        return new CostInputs(posts, schedule, compute, generation, d.creditPriceUsd(), bufferInterval, d.bufferSizeMib(),
                d.postBytes(), d.taskSeconds(), d.forwarderInstanceType(), d.awsPrices());
    }

    private static CostInputs warehouse(long posts) {
        return inputs(posts, Compute.WAREHOUSE, 1, "rate(5 minutes)", 300);
    }

    private static CostInputs serverless(long posts) {
        return inputs(posts, Compute.SERVERLESS, 1, "rate(5 minutes)", 300);
    }

    private static double credits(CostInputs in, String item) {
        return CostModel.estimate(in).line(Estimate.SNOWFLAKE, item).creditsPerDay();
    }

    @Test
    void aWarehouseResumedByEach288RunsBillsAtLeastTheMinuteEachSoAtLeast4Point8CreditsADay() {
        // 288 resumes x max(60 s, 10 s run + 60 s AUTO_SUSPEND) = 288 x 70 s = 5.6 h of XSMALL at 1 credit/h.
        double compute = credits(warehouse(CONTINUOUS), COMPUTE);
        assertThat(compute).isGreaterThanOrEqualTo(4.8).isCloseTo(5.6, within(1e-9));
    }

    @Test
    void aGen2WarehouseOnAwsBills1Point35CreditsAnHour() {
        assertThat(credits(inputs(CONTINUOUS, Compute.WAREHOUSE, 2, "rate(5 minutes)", 300), COMPUTE)).isCloseTo(5.6 * 1.35, within(1e-9));
    }

    @Test
    void aWarehouseThatCannotSuspendBetweenRunsBillsTheWholeDay() {
        // Every minute a run with rows, 10 s + 60 s AUTO_SUSPEND > 60 s: TWT_WH never suspends.
        assertThat(credits(inputs(10 * CONTINUOUS, Compute.WAREHOUSE, 1, "rate(1 minute)", 300), COMPUTE)).isCloseTo(24, within(1e-9));
    }

    @Test
    void aServerlessRunBillsItsSecondsOfXsmallAtPointNineWithNoMinimum() {
        // 288 runs x 10 s x 1 credit/h x 0.9 = 0.72 credits; the default 720 runs (every 2 minutes) 1.8.
        assertThat(credits(serverless(CONTINUOUS), COMPUTE)).isCloseTo(0.72, within(1e-9));
        assertThat(credits(CostInputs.defaults(CONTINUOUS), COMPUTE)).isCloseTo(1.8, within(1e-9));
    }

    @Test
    void theServerlessDefaultIsAtLeastFiveTimesCheaperThanTheWarehouseForContinuousDataAtFiveMinuteRefreshes() {
        for (long posts : new long[] {10_000, CONTINUOUS}) {
            double serverless = CostModel.estimate(serverless(posts)).snowflakeCreditsPerDay();
            double warehouse = CostModel.estimate(warehouse(posts)).snowflakeCreditsPerDay();
            assertThat(warehouse).as("%d posts/day", posts).isGreaterThanOrEqualTo(5 * serverless);
        }
    }

    @Test
    void warehouseCloudServicesWithinTenPercentOfComputeAreNotBilledButServerlessOnesAre() {
        assertThat(credits(warehouse(CONTINUOUS), CLOUD_SERVICES)).isZero();
        assertThat(credits(serverless(CONTINUOUS), CLOUD_SERVICES)).isCloseTo(0.072, within(1e-9));
    }

    @Test
    void sparsePostsLeaveRunsWithoutNewRowsAndThoseCostNoCompute() {
        // 24 posts a day, one an hour: a raw/ object every 300 s buffer + 3,600 s gap = 22.15 a day.
        double objects = 86_400.0 / (300 + 3_600);
        assertThat(credits(warehouse(24), COMPUTE)).isCloseTo(objects * 70 / 3600, within(1e-9));
        assertThat(credits(warehouse(0), COMPUTE)).isZero();
        assertThat(credits(CostInputs.defaults(0), COMPUTE)).isZero();
    }

    @Test
    void snowpipeBillsPointZeroZeroThreeSevenCreditsPerUncompressedGb() {
        CostInputs d = CostInputs.defaults(0);
        CostInputs oneGbADay = new CostInputs(1 << 20, d.schedule(), d.compute(), 1, d.creditPriceUsd(), 300, 5, 1024, 10,
                d.forwarderInstanceType(), d.awsPrices());
        assertThat(credits(oneGbADay, SNOWPIPE)).isCloseTo(0.0037, within(1e-12));
    }

    @Test
    void tenThousandPostsADayCostFiftyDollarsADayAtX() {
        CostLine x = CostModel.estimate(CostInputs.defaults(10_000)).line(Estimate.X, POST_READS);
        assertThat(x.usdPerDay()).isCloseTo(50, within(1e-9));
        assertThat(x.usdPerMonth()).isCloseTo(1_500, within(1e-9));
    }

    @Test
    void xBillsNoMoreThanTheMonthlyCapAndSaysOnWhichDayTheStreamStops() {
        CostLine x = CostModel.estimate(CostInputs.defaults(200_000)).line(Estimate.X, POST_READS);
        assertThat(x.usdPerDay()).isCloseTo(1_000, within(1e-9));
        assertThat(x.usdPerMonth()).isCloseTo(3_000_000 * 0.005, within(1e-9));
        assertThat(x.rule()).contains("3,000,000").contains("day 15");
    }

    @Test
    void firehoseBillsEachRecordRoundedUpToTheNextFiveKb() {
        CostInputs d = CostInputs.defaults(0);
        double fiveKb = firehoseUsd(new CostInputs(1 << 20, d.schedule(), d.compute(), 1, 3, 300, 5, 1, 10, "t4g.nano", d.awsPrices()));
        double stillFiveKb = firehoseUsd(new CostInputs(1 << 20, d.schedule(), d.compute(), 1, 3, 300, 5, 5120, 10, "t4g.nano", d.awsPrices()));
        double tenKb = firehoseUsd(new CostInputs(1 << 20, d.schedule(), d.compute(), 1, 3, 300, 5, 5121, 10, "t4g.nano", d.awsPrices()));
        // 2^20 records x 5 KiB = 5 GiB at $0.029.
        assertThat(fiveKb).isCloseTo(5 * 0.029, within(1e-12));
        assertThat(stillFiveKb).isEqualTo(fiveKb);
        assertThat(tenKb).isCloseTo(2 * fiveKb, within(1e-12));
    }

    private static double firehoseUsd(CostInputs in) {
        return CostModel.estimate(in).line(Estimate.AWS, FIREHOSE).usdPerDay();
    }

    @Test
    void aPriceOverrideReplacesTheDefaultInItsLine() {
        CostInputs d = CostInputs.defaults(10_000);
        CostInputs doubled = new CostInputs(10_000, d.schedule(), d.compute(), 1, 3, 300, 5, 2000, 10, "t4g.nano",
                CostInputs.awsPrices(Map.of(Prices.FIREHOSE_PER_GB, "0.058")));
        assertThat(firehoseUsd(doubled)).isCloseTo(2 * firehoseUsd(d), within(1e-12));
        assertThat(CostModel.estimate(doubled).line(Estimate.AWS, FIREHOSE).rule()).contains("$0.058/GB");
    }

    @Test
    void anUnknownPriceNameIsRefusedNamingPrice() {
        assertThatThrownBy(() -> CostInputs.awsPrices(Map.of("nat-gateway-hour", "0.045")))
                .hasMessageStartingWith("--price").hasMessageContaining("firehose-gb");
    }

    @Test
    void theMonthlyTotalIsTheSumOfTheLinesAndSnowflakeCreditsAreBilledAtTheCreditPrice() {
        Estimate e = CostModel.estimate(warehouse(10_000));
        assertThat(e.usdPerMonth()).isCloseTo(e.lines().stream().mapToDouble(CostLine::usdPerMonth).sum(), within(1e-9));
        assertThat(e.usdPerMonthByService().get(Estimate.SNOWFLAKE)).isCloseTo(e.snowflakeCreditsPerDay() * 3.0 * 30, within(1e-9));
    }

    @Test
    void theDefaultMedianDelayIsHalfABufferPlusSnowpipePlusHalfAScheduleIntervalPlusTheRun() {
        // 30 s buffer + 2 s Validate + 60 s Snowpipe + 60 s to the next run + 10 s run: under 3 minutes.
        assertThat(CostModel.estimate(CostInputs.defaults(10_000)).freshnessSeconds()).isCloseTo(162, within(1e-9)).isLessThan(180);
        // 150 + 2 + 60 + 150 + 10 with a 300 s buffer and a run every 5 minutes.
        assertThat(CostModel.estimate(serverless(10_000)).freshnessSeconds()).isCloseTo(372, within(1e-9));
    }

    @Test
    void aBufferThatFillsBeforeItsIntervalIsWrittenWhenFull() {
        // 10,000,000 posts of 2,000 bytes a day are 231,481 B/s: 5 MiB fill in 22.65 s, half of that waited.
        double fill = 5 * 1024 * 1024 / (10_000_000L * 2000 / 86_400.0);
        assertThat(CostModel.estimate(serverless(10_000_000)).freshnessSeconds()).isCloseTo(fill / 2 + 2 + 60 + 150 + 10, within(1e-9));
    }
}
