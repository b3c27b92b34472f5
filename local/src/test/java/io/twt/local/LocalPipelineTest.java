package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.ReferenceTables;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.RecordValidator;
import io.twt.testkit.SampleGenerator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole local pipeline over files: counts add up, nothing good is lost, reruns add nothing twice. */
class LocalPipelineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void theMixedSampleIsAccountedForLineByLine() throws Exception {
        Path input = sample(300, 7);
        RunStats s = run(List.of(input), 5 << 20);

        // Independent expectation: trim and judge each line with the core classes.
        Expected e = expect(input);
        assertThat(s.received).isEqualTo(e.lines);
        assertThat(s.received).isEqualTo(s.forwarded + s.notices + s.control + s.keepalive + s.rejected);
        assertThat(s.forwarded).isEqualTo(e.posts);
        assertThat(s.notices).isEqualTo(e.notices).isPositive();
        assertThat(s.control).isEqualTo(e.control);
        assertThat(s.keepalive).isEqualTo(e.keepalive);
        assertThat(s.rejected).isEqualTo(e.rejected).isPositive();
        assertThat(s.valid + s.quarantined).isEqualTo(s.forwarded + s.notices);
        assertThat(s.quarantined).isEqualTo(e.invalid).isPositive();
        assertThat(s.rowsLoaded).isEqualTo(s.valid);
        assertThat(s.refreshRejected).as("every row the validator passed, the refresh could parse and type").isZero();
        assertThat(e.deletedIds).isNotEmpty();
        assertThat(s.tweets).as("the posts less those a delete notice names").isEqualTo(e.distinctValidIds.stream()
                .filter(id -> !e.deletedIds.contains(id)).count());
        assertThat(s.users).isEqualTo(e.distinctValidUsers.size());

        // Quarantine entries name the line, reason and field; rejected lines name file and line.
        List<JsonNode> quarantined = readGzipJsonLines(dir.resolve("work/quarantine"));
        assertThat(quarantined).hasSize((int) s.quarantined);
        assertThat(quarantined).allSatisfy(q -> {
            assertThat(q.get("line").asLong()).isPositive();
            assertThat(q.get("reason").asText()).isNotBlank();
            assertThat(q.get("raw").asText()).isNotBlank();
        });
        assertThat(quarantined).anySatisfy(q -> assertThat(q.get("field").asText()).isEqualTo("tweet_retweet_count"));
        List<JsonNode> rejected = readJsonLines(dir.resolve("work/rejected"));
        assertThat(rejected).hasSize((int) s.rejected);
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.get("source").asText()).isEqualTo(input.toString());
            assertThat(r.get("line").asLong()).isBetween(1L, e.lines);
        });
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("rejected " + input + ":");
    }

    @Test
    void mixedLinesDeliveredOutOfOrderOverSeveralRunsGiveExactlyTheDefinedTables() throws Exception {
        List<String> lines = new SampleGenerator(21, 25, SampleGenerator.SAMPLE_START).sampleStream(500);
        // Three runs, the last part first: every post of it arrives before older ones.
        int third = lines.size() / 3;
        List<List<String>> parts = List.of(lines.subList(2 * third, lines.size()), lines.subList(0, third), lines.subList(third, 2 * third));
        List<TweetRecord> accepted = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Path part = dir.resolve("part-" + i + ".ndjson");
            Files.write(part, parts.get(i));
            run(List.of(part), 30_000);
            accepted.addAll(acceptedRecords(parts.get(i)));
        }
        // A delete notice removes its post whichever comes first; the user's profile stays.
        Set<String> deleted = deletedIds(lines);
        Map<String, List<String>> tweets = new TreeMap<>(ReferenceTables.tweets(accepted));
        assertThat(tweets.keySet()).containsAnyElementsOf(deleted);
        tweets.keySet().removeAll(deleted);
        try (LocalStore store = LocalStore.open(dir.resolve("work/twt.duckdb"))) {
            assertThat(StoreRows.tweets(store)).isEqualTo(tweets);
            assertThat(StoreRows.users(store)).isEqualTo(ReferenceTables.users(accepted));
        }
    }

    /** The post ids of the delete notices among these lines that trimming and the record rules let through. */
    static Set<String> deletedIds(List<String> lines) throws IOException {
        Set<String> out = new HashSet<>();
        for (JsonNode n : accepted(lines, TrimResult.Kind.NOTICE)) {
            if (ComplianceNotice.DELETE.type().equals(n.get(ComplianceNotice.KEY).asText())) {
                out.add(n.get("id").asText());
            }
        }
        return out;
    }

    /** The records of these lines of one kind that trimming and the record rules let through. */
    private static List<JsonNode> accepted(List<String> lines, TrimResult.Kind kind) throws IOException {
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);
        RecordValidator rules = new RecordValidator();
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            TrimResult r = trimmer.trim(line);
            if (r.kind() == kind && rules.check(r.jsonString()) == null) {
                out.add(MAPPER.readTree(r.json()));
            }
        }
        return out;
    }

    /** The records of these lines that trimming and the record rules let through, as the core classes see them. */
    static List<TweetRecord> acceptedRecords(List<String> lines) throws IOException {
        List<TweetRecord> out = new ArrayList<>();
        for (JsonNode n : accepted(lines, TrimResult.Kind.POST)) {
            out.add(new TweetRecord(n.get("id").asText(), Instant.parse(n.get("created_at").asText()),
                    n.get("screenname").asText(), n.get("username").asText(),
                    n.get("user_favourites_count").asLong(), n.get("user_followers_count").asLong(),
                    n.get("user_friends_count").asLong(), n.get("user_listed_count").asLong(),
                    n.get("user_statuses_count").asLong(), n.get("verified").asBoolean(), n.get("verified_type").asText(),
                    n.get("text").asText(), n.get("tweet_favorite_count").asLong(), n.get("tweet_quote_count").asLong(),
                    n.get("tweet_reply_count").asLong(), n.get("tweet_retweet_count").asLong(),
                    n.get("user_id").isNull() ? null : n.get("user_id").asText()));
        }
        return out;
    }

    @Test
    void aSecondRunOnTheSameWorkdirLoadsOnlyNewObjectsAndKeepsTheTables() throws Exception {
        Path input = sample(200, 11);
        RunStats first = run(List.of(input), 5 << 20);
        List<List<String>> tweetsBefore = tableRows("twt_tweet");
        List<List<String>> usersBefore = tableRows("twt_user");

        RunStats second = run(List.of(input), 5 << 20);
        assertThat(second.loadedFiles).isEqualTo(first.objects);
        assertThat(second.skippedFiles).as("the first run's objects are not loaded again").isEqualTo(first.objects);
        assertThat(second.tweets).isEqualTo(first.tweets);
        assertThat(second.users).isEqualTo(first.users);
        assertThat(tableRows("twt_tweet")).isEqualTo(tweetsBefore);
        assertThat(tableRows("twt_user")).isEqualTo(usersBefore);
    }

    @Test
    void smallBuffersMakeManyObjectsAndTheSameTables() throws Exception {
        Path input = sample(300, 3);
        RunStats oneObject = run(List.of(input), 5 << 20, dir.resolve("one"));
        RunStats many = run(List.of(input), 20_000, dir.resolve("many"));
        assertThat(oneObject.objects).isEqualTo(1);
        assertThat(many.objects).isGreaterThan(5);
        assertThat(many.loadedFiles).isEqualTo(many.objects);
        assertThat(tableRows(dir.resolve("many/twt.duckdb"), "twt_tweet")).isEqualTo(tableRows(dir.resolve("one/twt.duckdb"), "twt_tweet"));
        assertThat(tableRows(dir.resolve("many/twt.duckdb"), "twt_user")).isEqualTo(tableRows(dir.resolve("one/twt.duckdb"), "twt_user"));
    }

    @Test
    void theBufferIntervalClosesAnObjectWhenItsFirstRecordIsOldEnough() throws Exception {
        Path input = dir.resolve("trimmed.ndjson");
        SampleGenerator gen = new SampleGenerator(5, 4, SampleGenerator.SAMPLE_START);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            lines.add(SampleGenerator.trimmed(gen.next()));
        }
        Files.write(input, lines);
        // Each reading of this clock is 20 s after the previous one: with a 60 s interval, an
        // object holds the records of about three readings.
        Clock ticking = new Clock() {
            Instant now = Instant.parse("2026-03-01T12:00:00Z");
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { now = now.plusSeconds(20); return now; }
        };
        Path work = dir.resolve("interval");
        RunStats s = new LocalPipeline(new LocalPipeline.Settings(List.of(input), InputFormat.AUTO, work, work.resolve("twt.duckdb"),
                5 << 20, Duration.ofSeconds(60)), new PrintStream(log, true, StandardCharsets.UTF_8), ticking).run();
        assertThat(s.objects).isBetween(3L, 5L);
        assertThat(s.rowsLoaded).isEqualTo(10);
        try (Stream<Path> files = Files.walk(work.resolve("raw"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> work.resolve("raw").relativize(p).toString()))
                    .allSatisfy(key -> assertThat(key).matches("2026/03/01/12/twt-local-1-2026-03-01-12-\\d\\d-\\d\\d-[0-9a-f]{8}-\\d{5}\\.gz"));
        }
    }

    @Test
    void gzipInputAndEveryForcedFormatWork() throws Exception {
        Path v1 = dir.resolve("v1.ndjson.gz");
        new SampleGenerator(9, 40, SampleGenerator.SAMPLE_START).write(v1, 50, "v1");
        Path v2 = dir.resolve("v2.ndjson");
        new SampleGenerator(9, 40, SampleGenerator.SAMPLE_START).write(v2, 50, "v2");
        RunStats fromV1 = runWith(List.of(v1), InputFormat.V1, dir.resolve("a"));
        RunStats fromV2 = runWith(List.of(v2), InputFormat.V2, dir.resolve("b"));
        assertThat(fromV1.forwarded).isEqualTo(50);
        assertThat(fromV2.forwarded).isEqualTo(50);
        // The same posts in either format make the same tables.
        assertThat(tableRows(dir.resolve("a/twt.duckdb"), "twt_tweet")).isEqualTo(tableRows(dir.resolve("b/twt.duckdb"), "twt_tweet"));
        assertThat(tableRows(dir.resolve("a/twt.duckdb"), "twt_user")).isEqualTo(tableRows(dir.resolve("b/twt.duckdb"), "twt_user"));

        RunStats wrongFormat = runWith(List.of(v2), InputFormat.V1, dir.resolve("c"));
        assertThat(wrongFormat.forwarded).isZero();
        assertThat(wrongFormat.rejected).isEqualTo(50);
    }

    @Test
    void aTruncatedGzipInputKeepsTheLinesBeforeTheCutAndTheRunGoesOn() throws Exception {
        Path whole = dir.resolve("whole.ndjson.gz");
        new SampleGenerator(4, 40, SampleGenerator.SAMPLE_START).write(whole, 2000, "trimmed");
        byte[] gz = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.ndjson.gz");
        Files.write(cut, java.util.Arrays.copyOf(gz, gz.length / 2));
        Path other = dir.resolve("other.ndjson");
        new SampleGenerator(5, 40, SampleGenerator.SAMPLE_START).write(other, 10, "trimmed");

        RunStats s = run(List.of(cut, other), 5 << 20);
        assertThat(s.unreadableInputs).isEqualTo(1);
        assertThat(s.received).isBetween(10L + 100, 10L + 1999);
        assertThat(s.forwarded).as("every complete line of the cut file, and the next file").isEqualTo(s.received);
        assertThat(s.rowsLoaded).isEqualTo(s.forwarded);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("unreadable " + cut);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Path sample(int posts, long seed) throws IOException {
        Path file = dir.resolve("sample-" + seed + ".ndjson");
        Files.write(file, new SampleGenerator(seed, 30, SampleGenerator.SAMPLE_START).sampleStream(posts));
        return file;
    }

    private RunStats run(List<Path> inputs, long bufferBytes) throws Exception {
        return run(inputs, bufferBytes, dir.resolve("work"));
    }

    private RunStats run(List<Path> inputs, long bufferBytes, Path work) throws Exception {
        return new LocalPipeline(new LocalPipeline.Settings(inputs, InputFormat.AUTO, work, work.resolve("twt.duckdb"),
                bufferBytes, Duration.ofSeconds(300)), new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC()).run();
    }

    private RunStats runWith(List<Path> inputs, InputFormat format, Path work) throws Exception {
        return new LocalPipeline(new LocalPipeline.Settings(inputs, format, work, work.resolve("twt.duckdb"),
                5 << 20, Duration.ofSeconds(300)), new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC()).run();
    }

    private List<List<String>> tableRows(String table) throws Exception {
        return tableRows(dir.resolve("work/twt.duckdb"), table);
    }

    private static List<List<String>> tableRows(Path db, String table) throws Exception {
        try (LocalStore store = LocalStore.open(db)) {
            return store.rows("SELECT * FROM " + table + " ORDER BY 1");
        }
    }

    /** What the input should give, judged line by line with the core classes alone. */
    private static final class Expected {
        long lines;
        long posts;
        long notices;
        long control;
        long keepalive;
        long rejected;
        long invalid;
        final Set<String> distinctValidIds = new HashSet<>();
        final Set<String> deletedIds = new HashSet<>();
        final Set<String> distinctValidUsers = new HashSet<>();
    }

    private static Expected expect(Path input) throws IOException {
        Expected e = new Expected();
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);
        RecordValidator rules = new RecordValidator();
        for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
            e.lines++;
            TrimResult r = trimmer.trim(line);
            switch (r.kind()) {
                case POST:
                    e.posts++;
                    if (rules.check(r.jsonString()) != null) {
                        e.invalid++;
                    } else {
                        JsonNode n = MAPPER.readTree(r.json());
                        e.distinctValidIds.add(n.get("id").asText());
                        e.distinctValidUsers.add(n.get("screenname").asText());
                    }
                    break;
                case NOTICE: e.notices++; break;
                case CONTROL: e.control++; break;
                case KEEPALIVE: e.keepalive++; break;
                default: e.rejected++;
            }
        }
        e.deletedIds.addAll(deletedIds(Files.readAllLines(input, StandardCharsets.UTF_8)));
        return e;
    }

    private static List<JsonNode> readGzipJsonLines(Path root) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files(root)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(MAPPER.readTree(line));
                }
            }
        }
        return out;
    }

    private static List<JsonNode> readJsonLines(Path root) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files(root)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
