package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.sql.ReferenceTables;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.stream.StreamDefaults;
import io.twt.testkit.SampleGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code twt local --source x-v2 | x-v1} against X on loopback, through the real clients (the JDK
 * HTTP client for v2, twitter4j for v1.1): what is streamed ends up in the tables, rounds and
 * bounds work, credentials come from the environment only and never show in the output.
 */
class StreamCommandIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BEARER = "AAAA-test-bearer-s3cr3t";
    private static final Map<String, String> V1_KEYS = Map.of("X_CONSUMER_KEY", "ck-s3cr3t", "X_CONSUMER_SECRET", "cs-s3cr3t",
            "X_ACCESS_TOKEN", "at-s3cr3t", "X_ACCESS_TOKEN_SECRET", "ats-s3cr3t");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    /** What the sources log (slf4j writes to System.err). */
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int twt(Map<String, String> env, String... args) {
        PrintStream stderr = System.err;
        // Before the command line is built: picocli resets its writers if System.err changes after.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        CommandLine cli = TwtCli.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        try {
            return cli.execute(args);
        } finally {
            System.setErr(stderr);
            stderr.print(log.toString(StandardCharsets.UTF_8));
        }
    }

    private String everything() {
        return out + "\n" + err + "\n" + log.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            nodes.add(MAPPER.readTree(line));
        }
        return nodes;
    }

    /** {@code n} distinct posts rendered by {@code render} (v1 or v2 lines of the sample generator). */
    private static List<String> posts(int n, long seed, Function<SampleGenerator, Function<SampleGenerator.Post, String>> render) {
        SampleGenerator gen = new SampleGenerator(seed, 12, SampleGenerator.SAMPLE_START);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(render.apply(gen).apply(gen.next()));
        }
        return lines;
    }

    private void assertTablesHoldExactly(List<String> streamedPosts) throws Exception {
        try (LocalStore store = LocalStore.open(dir.resolve("w/twt.duckdb"))) {
            List<io.twt.core.record.TweetRecord> expected = LocalPipelineTest.acceptedRecords(streamedPosts);
            assertThat(expected).hasSize(streamedPosts.size());
            assertThat(StoreRows.tweets(store)).isEqualTo(ReferenceTables.tweets(expected));
            assertThat(StoreRows.users(store)).isEqualTo(ReferenceTables.users(expected));
        }
    }

    @Test
    void theV2StreamUpToMaxPostsEndsUpInTheTablesAndTheTokenIsNeverShown() throws Exception {
        List<String> posts = posts(30, 7, g -> g::v2);
        List<String> lines = new ArrayList<>(posts.subList(0, 10));
        lines.add("");                                                    // a keep-alive
        lines.add("{\"errors\":[{\"title\":\"ConnectionException\",\"detail\":\"a control message\"}]}");
        lines.add("not json");                                           // rejected, not fatal
        lines.addAll(posts.subList(10, 30));
        try (XStreamsStandIn x = new XStreamsStandIn(lines)) {
            int code = twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--stream-base-url", x.baseUrl().toString(),
                    "--max-posts", "25", "--workdir", dir.resolve("w").toString(), "--json");

            assertThat(code).as(everything()).isZero();
            List<JsonNode> json = jsonLines();
            JsonNode totals = json.get(json.size() - 1);
            assertThat(totals.get("forwarded").asLong()).isEqualTo(25);
            assertThat(totals.get("keepalive").asLong()).isEqualTo(1);
            assertThat(totals.get("control").asLong()).isEqualTo(1);
            assertThat(totals.get("rejected").asLong()).isEqualTo(1);
            assertThat(totals.get("tweets").asLong()).isEqualTo(25);
            assertThat(totals.get("stopped_by").asText()).isEqualTo("--max-posts 25");
            assertThat(json.get(json.size() - 2).get("final").asBoolean()).isTrue();
            assertTablesHoldExactly(posts.subList(0, 25));

            assertThat(x.requests.get(0).request()).isEqualTo("GET /2/tweets/search/stream/rules");
            assertThat(MAPPER.readTree(x.requests.get(1).body())).isEqualTo(MAPPER.createObjectNode().set("add",
                    MAPPER.createArrayNode().add(MAPPER.createObjectNode().put("value", StreamDefaults.DEFAULT_RULE).put("tag", "twt"))));
            assertThat(x.requests.get(2).request()).isEqualTo("GET /2/tweets/search/stream");
            assertThat(x.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + BEARER));
            assertThat(everything()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void theV1StreamThroughTwitter4jEndsUpInTheTablesWithTheDefaultTrackTerms() throws Exception {
        List<String> posts = posts(12, 8, g -> g::v1);
        try (XStreamsStandIn x = new XStreamsStandIn(posts)) {
            int code = twt(V1_KEYS, "local", "--source", "x-v1", "--v1-stream-base-url", x.baseUrl() + "/1.1/",
                    "--max-posts", "12", "--workdir", dir.resolve("w").toString());

            assertThat(code).as(everything()).isZero();
            assertThat(out.toString()).contains("final round 1: 12 posts from 12 lines")
                    .contains("twt local: 12 lines read from the X v1.1 filter stream in 1 round(s), stopped by --max-posts 12")
                    .contains("Tables: twt_tweet 12 rows");
            assertTablesHoldExactly(posts);
            XStreamsStandIn.Received filter = x.requests.get(0);
            assertThat(filter.request()).isEqualTo("POST /1.1/statuses/filter.json");
            assertThat(filter.body()).contains("track=" + StreamDefaults.DEFAULT_TRACK).contains("stall_warnings=true");
            assertThat(filter.authorization()).startsWith("OAuth ").contains("oauth_consumer_key=\"ck-s3cr3t\"")
                    .contains("oauth_token=\"at-s3cr3t\"");
            assertThat(everything()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aStreamRunsInRoundsUntilItsDurationAndEachRoundIsReported() throws Exception {
        List<String> posts = posts(3, 9, g -> g::v2);
        try (XStreamsStandIn x = new XStreamsStandIn(posts)) {
            long start = System.nanoTime();
            int code = twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--stream-base-url", x.baseUrl().toString(),
                    "--refresh-every", "500ms", "--duration", "4s", "--workdir", dir.resolve("w").toString(), "--json");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(code).as(everything()).isZero();
            assertThat(millis).isGreaterThanOrEqualTo(4000);
            List<JsonNode> json = jsonLines();
            List<JsonNode> rounds = json.subList(0, json.size() - 1);
            JsonNode totals = json.get(json.size() - 1);
            assertThat(rounds.size()).isGreaterThanOrEqualTo(3);
            for (int i = 0; i < rounds.size(); i++) {
                assertThat(rounds.get(i).get("round").asInt()).isEqualTo(i + 1);
                assertThat(rounds.get(i).get("final").asBoolean()).isEqualTo(i == rounds.size() - 1);
            }
            assertThat(rounds.stream().mapToLong(r -> r.get("forwarded").asLong()).sum()).isEqualTo(3);
            assertThat(rounds.stream().mapToLong(r -> r.get("rows_loaded").asLong()).sum()).isEqualTo(3);
            assertThat(rounds.get(rounds.size() - 1).get("tweets").asLong()).isEqualTo(3);
            assertThat(totals.get("rounds").asInt()).isEqualTo(rounds.size());
            // Each object is loaded once and not looked at again in later rounds.
            assertThat(totals.get("loaded_files").asLong()).isEqualTo(totals.get("objects").asLong()).isPositive();
            assertThat(totals.get("skipped_files").asLong()).isZero();
            assertThat(totals.get("stopped_by").asText()).isEqualTo("--duration 4s");
            assertTablesHoldExactly(posts);
        }
    }

    @Test
    void atTheDailyPostCapTheStreamDisconnectsAndTheCountIsKeptInTheWorkdir() throws Exception {
        List<String> posts = posts(10, 11, g -> g::v2);
        try (XStreamsStandIn x = new XStreamsStandIn(posts)) {
            int code = twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--stream-base-url", x.baseUrl().toString(),
                    "--daily-post-cap", "5", "--refresh-every", "500ms", "--duration", "3s", "--workdir", dir.resolve("w").toString(),
                    "--json");

            assertThat(code).as(everything()).isZero();
            JsonNode totals = jsonLines().get(jsonLines().size() - 1);
            long forwarded = totals.get("forwarded").asLong();
            // Posts X had already sent when the cap closed the connection are read (and billed) too.
            assertThat(forwarded).isBetween(5L, 10L);
            assertThat(x.requests.stream().filter(r -> r.request().equals("GET /2/tweets/search/stream"))).hasSize(1);
            JsonNode state = MAPPER.readTree(dir.resolve("w/x-post-budget.json").toFile());
            assertThat(state.get("day_posts").asLong()).isEqualTo(forwarded);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("X post budget: the daily cap is reached")
                    .contains("disconnected from X until").doesNotContain(BEARER);
        }
    }

    @Test
    void aPostCapBelowOneIsAUsageError() {
        int code = twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--monthly-post-cap", "0",
                "--workdir", dir.resolve("w").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--daily-post-cap and --monthly-post-cap must be at least 1");
    }

    @Test
    void aMissingBearerTokenIsOneLineAndExitCode2() {
        int code = twt(Map.of(), "local", "--source", "x-v2", "--workdir", dir.resolve("w").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("twt local: --source x-v2 needs the environment variable X_BEARER_TOKEN "
                + "(credentials are read from the environment, never from arguments)" + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("w"))).isFalse();
    }

    @Test
    void missingOAuthKeysAreNamedButThePresentOnesAreNotShown() {
        int code = twt(Map.of("X_CONSUMER_KEY", "ck-s3cr3t", "X_ACCESS_TOKEN", "at-s3cr3t", "X_ACCESS_TOKEN_SECRET", " "),
                "local", "--source", "x-v1", "--workdir", dir.resolve("w").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("twt local: --source x-v1 needs the environment variables "
                + "X_CONSUMER_SECRET, X_ACCESS_TOKEN_SECRET (").hasLineCount(1);
        assertThat(everything()).doesNotContain("s3cr3t");
    }

    @Test
    void aTokenXRefusesIsOneLineWithXsReasonAndExitCode1() throws Exception {
        try (XStreamsStandIn x = new XStreamsStandIn(List.of())) {
            x.refuseRules(403, "{\"title\":\"Client Forbidden\",\"detail\":\"This App must be attached to a Project.\"}");

            int code = twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--stream-base-url", x.baseUrl().toString(),
                    "--workdir", dir.resolve("w").toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("twt local: X answered HTTP 403 to read the stream rules: the bearer token lacks "
                    + "access to the filtered stream (its app must be in a Project with filtered-stream access): Client Forbidden; "
                    + "This App must be attached to a Project." + System.lineSeparator());
            assertThat(x.requests).hasSize(1);
            assertThat(everything()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void streamOptionsAndFileOptionsDoNotMix() {
        assertThat(twt(Map.of("X_BEARER_TOKEN", BEARER), "local", "--source", "x-v2", "--input", "events/sample-stream.ndjson"))
                .isEqualTo(2);
        assertThat(twt(Map.of(), "local", "--input", "x.ndjson", "--max-posts", "5")).isEqualTo(2);
        assertThat(twt(Map.of(), "local")).isEqualTo(2);
        assertThat(twt(Map.of(), "local", "--source", "x-v3")).isEqualTo(2);
        assertThat(err.toString()).contains("--input is for --source file, not x-v2")
                .contains("--max-posts, --duration, --rule and --track are for --source x-v2 or x-v1")
                .contains("--source file needs --input FILE")
                .contains("'x-v3' is not a source: use file, x-v2 or x-v1");
    }

    /** Ctrl-C or SIGTERM: the process finishes its round, refreshes a last time and exits 0. */
    @Test
    void sigtermEndsAStreamWithAFinalRoundAndExitCode0() throws Exception {
        List<String> posts = posts(5, 10, g -> g::v2);
        try (XStreamsStandIn x = new XStreamsStandIn(posts)) {
            Path stdout = dir.resolve("stdout.txt");
            Path stderr = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TwtCli.class.getName(), "local", "--source", "x-v2",
                    "--stream-base-url", x.baseUrl().toString(), "--refresh-every", "300ms",
                    "--workdir", dir.resolve("w").toString());
            pb.environment().put("X_BEARER_TOKEN", BEARER);
            pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stdout).contains("twt_tweet 5 rows") && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(stdout)).as(Files.readString(stderr)).contains("twt_tweet 5 rows");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String text = Files.readString(stdout);
            assertThat(process.exitValue()).as(text + Files.readString(stderr)).isZero();
            assertThat(text).containsPattern("final round \\d+: 0 posts")
                    .contains("lines read from the X API v2 filtered stream")
                    .contains("stopped by a stop signal")
                    .contains("Tables: twt_tweet 5 rows");
            assertThat(text + Files.readString(stderr)).doesNotContain("s3cr3t");
            assertTablesHoldExactly(posts);
        }
    }
}
