package io.twt.forwarder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.twt.stream.budget.PostBudget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    @Test
    void theMetricsLineKeepsEveryCounterSinceStartUnderTotals() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        m.queueDepth(() -> 7);
        m.received.add(10);
        m.rejected("not_json");
        m.reconnect("stall");
        m.reconnect("stall");
        m.putCalls.add(2);
        m.recordsSent.add(901);

        String line = m.toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW);

        assertThat(line).doesNotContain("\n");
        JsonNode totals = JSON.readTree(line).path("totals");
        assertThat(totals.fieldNames()).toIterable().contains("received", "posts", "control", "keepalive", "rejected",
                "forwarded", "put_calls", "failed_entries", "retries", "dead_lettered", "reconnects", "queue_depth",
                "records_per_call");
        assertThat(totals.path("reconnects").path("stall").asLong()).isEqualTo(2);
        assertThat(totals.path("rejected_by_reason").path("not_json").asLong()).isEqualTo(1);
        assertThat(totals.path("queue_depth").asInt()).isEqualTo(7);
        assertThat(totals.path("records_per_call").asDouble()).isEqualTo(450.5);
        assertThat(JSON.readTree(m.toJson(JSON))).isEqualTo(totals);
    }

    /** The members the EMF specification requires, each metric and dimension with its value at the top level. */
    @Test
    void theMetricsLineIsAnEmbeddedMetricFormatDocumentInTheTwtNamespaceByStack() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        m.queueDepth(() -> 3);
        m.posts.add(5);
        m.notices.add(2);
        m.forwarded.add(6);
        m.deadLettered.add(1);
        m.reconnect("stall");
        m.reconnect("http_429");

        JsonNode emf = JSON.readTree(m.toEmf(JSON, "twt", Map.of("Stack", "prod-twt"), NOW));

        JsonNode aws = emf.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.path("Timestamp").asLong()).isEqualTo(NOW);
        assertThat(aws.path("CloudWatchMetrics").size()).isEqualTo(1);
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("twt");
        assertThat(directive.path("Dimensions")).isEqualTo(JSON.readTree("[[\"Stack\"]]"));
        List<String> names = new ArrayList<>();
        for (JsonNode metric : directive.path("Metrics")) {
            assertThat(metric.path("Unit").asText()).isEqualTo("Count");
            names.add(metric.path("Name").asText());
        }
        assertThat(names).containsExactly("posts", "notices", "forwarded", "dead_lettered", "reconnects", "reconnects_http_429",
                "reconnects_stall", "queue_depth");
        for (String name : names) {
            assertThat(emf.path(name).isNumber()).as("the value of %s at the top level", name).isTrue();
        }
        assertThat(emf.path("Stack").asText()).isEqualTo("prod-twt");
        assertThat(emf.path("posts").asLong()).isEqualTo(5);
        assertThat(emf.path("notices").asLong()).isEqualTo(2);
        assertThat(emf.path("forwarded").asLong()).isEqualTo(6);
        assertThat(emf.path("dead_lettered").asLong()).isEqualTo(1);
        assertThat(emf.path("reconnects").asLong()).isEqualTo(2);
        assertThat(emf.path("reconnects_stall").asLong()).isEqualTo(1);
        assertThat(emf.path("queue_depth").asLong()).isEqualTo(3);
    }

    @Test
    void withAPostBudgetTheMetricsLineHasThePostsReadTheEstimatedSpendAndTheCapGauges(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        PostBudget budget = PostBudget.open(dir.resolve("budget.json"), 10, 1000, clock);
        for (int i = 0; i < 8; i++) {
            budget.count();
        }
        ForwarderMetrics m = new ForwarderMetrics();
        m.budget(budget);

        JsonNode emf = JSON.readTree(m.toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW));

        List<String> names = new ArrayList<>();
        emf.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(d -> names.add(d.path("Name").asText()));
        assertThat(names).contains("x_posts_today", "x_posts_month", "x_spend_usd_month", "x_cap_warning", "x_cap_reached");
        assertThat(emf.path("x_posts_today").asLong()).isEqualTo(8);
        assertThat(emf.path("x_spend_usd_month").asDouble()).isEqualTo(0.04);
        assertThat(emf.path("x_cap_warning").asInt()).isEqualTo(1);
        assertThat(emf.path("x_cap_reached").asInt()).isZero();
        JsonNode totals = emf.path("totals");
        assertThat(totals.path("x_spend_usd_today").asDouble()).isEqualTo(0.04);
        assertThat(totals.path("x_daily_post_cap").asLong()).isEqualTo(10);

        budget.count();
        budget.count();
        assertThat(JSON.readTree(m.toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW)).path("x_cap_reached").asInt()).isEqualTo(1);
    }

    @Test
    void withoutAPostBudgetThereAreNoXMetrics() throws Exception {
        JsonNode emf = JSON.readTree(new ForwarderMetrics().toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW));
        assertThat(emf.has("x_posts_today")).isFalse();
        assertThat(emf.path("totals").has("x_posts_today")).isFalse();
    }

    /** CloudWatch sums the values of a period: each line counts what happened since the one before, not since start. */
    @Test
    void eachLineCountsOnlyWhatHappenedSinceThePreviousLine() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        m.posts.add(5);
        m.reconnect("stall");
        m.toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW);
        m.posts.add(2);

        JsonNode second = JSON.readTree(m.toEmf(JSON, "twt", Map.of("Stack", "twt"), NOW + 60_000));

        assertThat(second.path("posts").asLong()).isEqualTo(2);
        assertThat(second.path("reconnects").asLong()).isZero();
        assertThat(second.path("reconnects_stall").asLong()).isZero();
        assertThat(second.path("totals").path("posts").asLong()).isEqualTo(7);
    }

    /** A log prefix would keep CloudWatch Logs from reading the line as JSON: the reporter prints the bare document. */
    @Test
    void theReporterPrintsEachDocumentAloneOnItsLineWithTheStacksDimension() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        m.posts.add(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
        try (MetricsReporter reporter = new MetricsReporter(m, JSON, Duration.ofHours(1), "prod-twt",
                new PrintStream(out, true, StandardCharsets.UTF_8), clock)) {
            // the final line is printed on close
        }

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("{").endsWith("}" + System.lineSeparator());
        JsonNode emf = JSON.readTree(text);
        assertThat(emf.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW);
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo(MetricsReporter.NAMESPACE);
        assertThat(emf.path(MetricsReporter.DIMENSION).asText()).isEqualTo("prod-twt");
        assertThat(emf.path("posts").asLong()).isEqualTo(3);
    }
}
