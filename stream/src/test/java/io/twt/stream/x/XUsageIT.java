package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.stream.MutableClock;
import io.twt.stream.StderrCapture;
import io.twt.stream.StreamDefaults;
import io.twt.stream.budget.PostBudget;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeding the post budget from X's usage endpoint, on loopback. */
class XUsageIT {

    /** Enough for a first request in a cold JVM. */
    private static final Duration TIMEOUT = StreamDefaults.USAGE_TIMEOUT;
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T12:00:00Z"));
    private final FilteredStreamSourceIT.CountingCredentials credentials = new FilteredStreamSourceIT.CountingCredentials();

    private PostBudget budgetWith(int posts) {
        PostBudget budget = PostBudget.open(dir.resolve("budget.json"), 1000, 100_000, clock);
        for (int i = 0; i < posts; i++) {
            budget.count();
        }
        return budget;
    }

    @Test
    void theMonthAndTodayAreSeededFromWhatXReportsWithTheBearerToken() throws Exception {
        PostBudget budget = budgetWith(3);
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenUsage(XStandIn.answer(200, null, null, "{\"data\":{\"cap_reset_day\":10,\"project_cap\":\"2000000\","
                    + "\"project_id\":\"1369785403853424\",\"project_usage\":\"43435\",\"daily_project_usage\":{\"project_id\":"
                    + "\"1369785403853424\",\"usage\":[{\"date\":\"2026-03-13T00:00:00.000Z\",\"usage\":\"40000\"},"
                    + "{\"date\":\"2026-03-14T00:00:00.000Z\",\"usage\":\"345\"}]}}}"));

            XUsage.seed(budget, HttpClient.newHttpClient(), x.baseUrl(), credentials, TIMEOUT);

            assertThat(x.usageRequests).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.uri()).isEqualTo("/2/usage/tweets?days=2");
                assertThat(r.authorization()).isEqualTo("Bearer token-1");
            });
            assertThat(budget.thisMonth()).isEqualTo(43435);
            assertThat(budget.today()).isEqualTo(345);
            assertThat(log.text()).contains("X reports 43435 posts read in its billing cycle").doesNotContain("token-1");
        }
    }

    @Test
    void aUsageEndpointThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
        PostBudget budget = budgetWith(3);
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenUsage(x.hang());
            long start = System.nanoTime();

            XUsage.seed(budget, HttpClient.newHttpClient(), x.baseUrl(), credentials, SHORT);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(budget.thisMonth()).isEqualTo(3);
            assertThat(log.text()).contains("the usage endpoint did not answer within 300 ms; counting from the state file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not json at all", "{\"data\":{\"project_usage\":\"lots\",\"project_cap\":[]}}", "{\"errors\":[]}", "[1,2]"})
    void aMalformedUsageAnswerLeavesTheBudgetAsItWas(String body) throws Exception {
        PostBudget budget = budgetWith(3);
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenUsage(XStandIn.answer(200, null, null, body));

            XUsage.seed(budget, HttpClient.newHttpClient(), x.baseUrl(), credentials, TIMEOUT);

            assertThat(budget.thisMonth()).isEqualTo(3);
            assertThat(budget.today()).isEqualTo(3);
            assertThat(log.text()).contains("the usage endpoint's answer has no usage in it");
        }
    }

    @Test
    void anErrorAnswerIsLoggedAndLeavesTheBudgetAsItWas() throws Exception {
        PostBudget budget = budgetWith(3);
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenUsage(XStandIn.answer(429, null, null, "{\"title\":\"Too Many Requests\"}"));

            XUsage.seed(budget, HttpClient.newHttpClient(), x.baseUrl(), credentials, TIMEOUT);

            assertThat(budget.thisMonth()).isEqualTo(3);
            assertThat(log.text()).contains("the usage endpoint answered HTTP 429: Too Many Requests");
        }
    }
}
