package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code twt cost} as a user meets it: the table, --json, and errors that name the option to fix. */
class CostCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int twt(String... args) {
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void everyLineOfTheTableIsFollowedByItsRule() {
        assertThat(twt("cost", "--posts-per-day", "10000")).isZero();
        List<String> lines = out.toString().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("SERVICE")).findFirst().orElseThrow());
        List<String> table = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isEmpty()) {
                break;
            }
            table.add(line);
        }
        assertThat(table).hasSize(2 * 13);
        for (int i = 0; i < table.size(); i += 2) {
            assertThat(table.get(i)).matches("(Snowflake|X|AWS) .*[0-9.,]+$");
            assertThat(table.get(i + 1)).startsWith("    ").hasSizeGreaterThan(30);
        }
        assertThat(out.toString()).contains("freshness: median post -> twt_tweet").contains("total: $");
    }

    @Test
    void jsonHasTheInputsEachLineWithItsRuleTheTotalsAndTheFreshness() throws Exception {
        assertThat(twt("cost", "--posts-per-day", "10000", "--compute", "warehouse", "--schedule", "rate(5 minutes)",
                "--buffer-interval", "300", "--json")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("inputs").get("compute").asText()).isEqualTo("warehouse");
        assertThat(root.get("inputs").get("runsPerDay").asDouble()).isEqualTo(288);
        assertThat(root.get("inputs").get("awsPricesUsd").get("firehose-gb").asDouble()).isEqualTo(0.029);
        double sum = 0;
        for (JsonNode line : root.get("lines")) {
            assertThat(line.get("rule").asText()).isNotBlank();
            assertThat(line.has("creditsPerDay")).as(line.get("item").asText()).isEqualTo(line.get("service").asText().equals("Snowflake"));
            sum += line.get("usdPerMonth").asDouble();
        }
        JsonNode totals = root.get("totals");
        assertThat(totals.get("usdPerMonth").get("total").asDouble()).isCloseTo(sum, within(1e-9));
        assertThat(totals.get("usdPerMonth").fieldNames()).toIterable().containsExactly("Snowflake", "X", "AWS", "total");
        assertThat(totals.get("snowflakeCreditsPerDay").asDouble()).isGreaterThan(4.8);
        assertThat(root.get("freshness").get("medianSeconds").asDouble()).isEqualTo(372);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--buffer-interval|901|--buffer-interval must be 0 to 900",
        "--buffer-size|0|--buffer-size must be 1 to 128",
        "--compute|spot|--compute must be serverless or warehouse",
        "--warehouse-generation|3|--warehouse-generation must be 1 or 2",
        "--schedule|cron(0/5 * * * ? *)|--schedule must be rate(",
        "--credit-price|0|--credit-price must be a positive",
        "--task-seconds|0|--task-seconds must be 1 or more",
        "--forwarder-instance-type|m5.large|--forwarder-instance-type must be one of",
        "--price|nat-hour=1|--price: unknown price 'nat-hour'",
        "--price|firehose-gb=cheap|--price firehose-gb must be a number",
        "--posts-per-day|-1|--posts-per-day must be 0 or more",
    })
    void aBadValueIsAUsageErrorNamingItsOption(String option, String value, String message) {
        List<String> args = new ArrayList<>(List.of("cost", option, value));
        if (!option.equals("--posts-per-day")) {
            args.addAll(List.of("--posts-per-day", "100"));
        }
        assertThat(twt(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutPostsPerDayItSaysTheOptionIsMissing() {
        assertThat(twt("cost")).isEqualTo(2);
        assertThat(err.toString()).contains("--posts-per-day");
    }
}
