package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The twt command line as a user meets it: the bundled sample, --json, --export, errors. */
class CliTest {

    private static final Path SAMPLE = Path.of("..", "events", "sample-stream.ndjson");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int twt(String... args) {
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theBundledSampleRunsAndTheJsonLineHasEveryCounter() throws Exception {
        int code = twt("local", "--input", SAMPLE.toString(), "--workdir", dir.resolve("w").toString(), "--json");
        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        JsonNode stats = MAPPER.readTree(lines.get(lines.size() - 1));
        for (String key : List.of("received", "forwarded", "notices", "control", "rejected", "objects", "valid", "quarantined",
                "loaded_files", "skipped_files", "compliance_lines", "tweets", "users")) {
            assertThat(stats.has(key)).as(key).isTrue();
        }
        // 300 distinct posts merged; the sample's 7 delete notices name 5 of them, which the refresh removes
        assertThat(stats.get("batch_rows").asLong()).isEqualTo(300);
        assertThat(stats.get("notices").asLong()).isEqualTo(7);
        assertThat(stats.get("compliance_lines").asLong()).isEqualTo(5);
        assertThat(stats.get("tweets").asLong()).isEqualTo(295);
        assertThat(stats.get("control").asLong()).isPositive();
        assertThat(stats.get("rejected").asLong()).isPositive();
        assertThat(stats.get("quarantined").asLong()).isPositive();
        assertThat(stats.get("forwarded").asLong() + stats.get("notices").asLong())
                .isEqualTo(stats.get("valid").asLong() + stats.get("quarantined").asLong());
        assertThat(Files.exists(dir.resolve("w/twt.duckdb"))).isTrue();
    }

    @Test
    void theHumanSummaryNamesTablesCashtagsUsersAndTheReportCommand() {
        int code = twt("local", "--input", SAMPLE.toString(), "--workdir", dir.resolve("w").toString());
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("7 compliance notices, 5 control messages")
                .contains("300 distinct posts merged in ")
                .contains("; 5 compliance line(s) applied (see twt_compliance_log)")
                .contains("twt_tweet 295 rows")
                .contains("Top cashtags:")
                .containsPattern("\\$(UOS|ATOM|ENJ|COTI|SAND) +\\d+ posts")
                .contains("Top users:")
                .endsWith("Report: java -jar local/target/twt.jar report --db " + dir.resolve("w").resolve("twt.duckdb")
                        + System.lineSeparator());
    }

    @Test
    void exportWritesRfc4180CsvThatMatchesTheTables() throws Exception {
        Path export = dir.resolve("csv");
        assertThat(twt("local", "--input", SAMPLE.toString(), "--workdir", dir.resolve("w").toString(), "--export", export.toString())).isZero();
        String tweets = Files.readString(export.resolve("twt_tweet.csv"), StandardCharsets.UTF_8);
        assertThat(tweets).startsWith("id,created_at,user_screen_name,text,tweet_favorite_count,tweet_quote_count,"
                + "tweet_reply_count,tweet_retweet_count,user_id,original_id\r\n");
        List<List<String>> parsed = parseCsv(tweets);
        assertThat(parsed).hasSize(1 + 295);
        assertThat(parsed).allSatisfy(row -> assertThat(row).hasSize(10));
        try (LocalStore store = LocalStore.open(dir.resolve("w/twt.duckdb"))) {
            List<List<String>> db = store.rows("SELECT id, text FROM twt_tweet ORDER BY id");
            for (int i = 0; i < db.size(); i++) {
                assertThat(parsed.get(i + 1).get(0)).isEqualTo(db.get(i).get(0));
                assertThat(parsed.get(i + 1).get(3)).isEqualTo(db.get(i).get(1));
            }
        }
        // The sample has texts with quotes and line breaks: they must have been quoted.
        assertThat(tweets).contains("\"\"").contains("\n1/ ");
        List<List<String>> users = parseCsv(Files.readString(export.resolve("twt_user.csv"), StandardCharsets.UTF_8));
        assertThat(users.get(0)).startsWith("screen_name", "username", "user_favourites_count");
        assertThat(users).hasSize(1 + 40);
    }

    @Test
    void aMissingInputFileIsOneClearLineAndExitCode1() {
        int code = twt("local", "--input", dir.resolve("nope.ndjson").toString(), "--workdir", dir.resolve("w").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("nope.ndjson").doesNotContain("\tat ");
    }

    @Test
    void aBadInputFormatIsAUsageErrorListingTheChoices() {
        int code = twt("local", "--input", SAMPLE.toString(), "--input-format", "v3");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("v3").contains("auto, v1, v2 or trimmed");
    }

    /** The generator and the benchmarks are twt-bench's (bench/), not twt.jar's. */
    @Test
    void helpListsLocalAndSqlButNeitherSampleNorBench() {
        assertThat(twt("--help")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^ +local ").containsPattern("(?m)^ +sql ")
                .doesNotContainPattern("(?m)^ +sample ").doesNotContainPattern("(?m)^ +bench ");
        assertThat(twt("sample", "--out", dir.resolve("s.ndjson").toString())).isEqualTo(2);
        assertThat(twt("bench")).isEqualTo(2);
    }

    /** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new java.util.ArrayList<>();
        List<String> row = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new java.util.ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
