package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.io.Gzip;
import io.twt.testkit.SampleGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code twt compliance apply} on the data of a real {@code twt local} run: exactly the posts and
 * users a result names are gone from every table and every object, the rest is unchanged, each
 * line is logged, bad lines are reported by number, and a second apply changes nothing.
 */
class ComplianceApplyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> PREFIXES = List.of("raw/", "validated/", "quarantine/");

    @TempDir
    Path dir;

    private Path work;
    private Path db;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void runTwtLocal() throws IOException {
        Path input = dir.resolve("sample.ndjson");
        Files.write(input, new SampleGenerator(7, 30, SampleGenerator.SAMPLE_START).sampleStream(300));
        work = dir.resolve("w");
        db = work.resolve("twt.duckdb");
        assertThat(twt("local", "--input", input.toString(), "--workdir", work.toString(), "--buffer-size", "20000")).isZero();
    }

    @Test
    void aPostsResultRemovesExactlyThosePostsFromEveryTableAndObjectAndIsLoggedOnce() throws Exception {
        List<String> stored = strings("SELECT id FROM twt_tweet ORDER BY id");
        // One post that a quarantine entry keeps (its other observations may be valid), and two others.
        String quarantinedId = quarantinedIds().get(0);
        Set<String> ids = new java.util.LinkedHashSet<>(List.of(quarantinedId));
        for (int i = 0; ids.size() < 3; i += stored.size() / 3) {
            ids.add(stored.get(i));
        }
        long storedNamed = stored.stream().filter(ids::contains).count();
        Map<String, List<String>> tweetsBefore = rows("SELECT * FROM twt_tweet ORDER BY id");
        Map<String, List<String>> usersBefore = rows("SELECT * FROM twt_user ORDER BY screen_name");
        long rawBefore = count("twt_raw");
        long rawNamed = strings("SELECT json_extract_string(raw, '$.id') FROM twt_raw").stream().filter(ids::contains).count();
        Map<String, List<String>> objectsBefore = objects();
        Path result = write("tweets.json", ids.stream().map(id -> line(id, "deleted")).collect(Collectors.toList()));
        Files.writeString(result, "{\"id\":\"1\",\"action\":\"delete\"}\n" + Files.readString(result));

        int code = twt("compliance", "apply", result.toString(), "--workdir", work.toString());

        assertThat(code).isEqualTo(ComplianceCommand.SKIPPED_LINES);
        assertThat(err.toString()).contains("skipped tweets.json:1: field reason: reason is missing");
        assertThat(out.toString()).contains("read tweets.json: 4 lines, 3 tweets to apply, 1 skipped",
                "removed " + storedNamed + " rows from twt_tweet", "removed " + rawNamed + " rows from twt_raw",
                "logged 3 rows in twt_compliance_log");
        Map<String, List<String>> tweetsExpected = new TreeMap<>(tweetsBefore);
        tweetsExpected.keySet().removeAll(ids);
        assertThat(rows("SELECT * FROM twt_tweet ORDER BY id")).isEqualTo(tweetsExpected);
        assertThat(rows("SELECT * FROM twt_user ORDER BY screen_name")).isEqualTo(usersBefore);
        assertThat(strings("SELECT json_extract_string(raw, '$.id') FROM twt_raw")).doesNotContainAnyElementsOf(ids);
        assertThat(count("twt_raw")).isEqualTo(rawBefore - rawNamed);
        assertThat(strings("SELECT tweet_id FROM twt_tweet_entity")).doesNotContainAnyElementsOf(ids);
        Predicate<JsonNode> named = r -> ids.contains(r.path("id").asText());
        assertThat(objects()).isEqualTo(without(objectsBefore, named));
        assertThat(objectsBefore).isNotEqualTo(objects());
        for (String prefix : PREFIXES) {
            assertThat(out.toString()).containsPattern("removed [1-9][0-9]* lines from " + prefix);
        }
        // the generated stream's own delete notices are logged too, with the stream object as their source
        assertThat(strings("SELECT kind || ' ' || id || ' ' || reason || ' ' || source FROM twt_compliance_log"
                + " WHERE source NOT LIKE 'stream %' ORDER BY id"))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "tweet " + id + " deleted tweets.json").collect(Collectors.toList()));

        Map<String, byte[]> files = files();
        out.getBuffer().setLength(0);
        assertThat(twt("compliance", "apply", result.toString(), "--workdir", work.toString())).isEqualTo(ComplianceCommand.SKIPPED_LINES);

        assertThat(out.toString()).doesNotContainPattern("removed [1-9]").contains("logged 0 rows in twt_compliance_log");
        assertThat(strings("SELECT id FROM twt_compliance_log WHERE source = 'tweets.json'")).hasSize(3);
        assertThat(rows("SELECT * FROM twt_tweet ORDER BY id")).isEqualTo(tweetsExpected);
        assertThat(files()).usingRecursiveComparison().isEqualTo(files);
    }

    @Test
    void aUsersResultRemovesTheUserAndEveryPostOfTheUserAndNothingElse() throws Exception {
        String[] user = strings("SELECT user_id || ' ' || screen_name FROM twt_user WHERE user_id IS NOT NULL ORDER BY screen_name")
                .get(0).split(" ");
        String userId = user[0];
        String screenName = user[1];
        Map<String, List<String>> tweetsBefore = rows("SELECT * FROM twt_tweet ORDER BY id");
        Map<String, List<String>> usersBefore = rows("SELECT * FROM twt_user ORDER BY screen_name");
        Map<String, List<String>> objectsBefore = objects();
        Path result = write("users.json", List.of(line(userId, "suspended")));

        assertThat(twt("compliance", "apply", result.toString(), "--kind", "users", "--db", db.toString(), "--workdir", work.toString()))
                .isZero();

        Map<String, List<String>> usersExpected = new TreeMap<>(usersBefore);
        usersExpected.remove(screenName);
        assertThat(rows("SELECT * FROM twt_user ORDER BY screen_name")).isEqualTo(usersExpected);
        Predicate<List<String>> byUser = t -> userId.equals(t.get(8)) || t.get(8) == null && screenName.equals(t.get(2));
        Map<String, List<String>> tweetsExpected = tweetsBefore.entrySet().stream().filter(e -> !byUser.test(e.getValue()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(tweetsExpected).hasSizeLessThan(tweetsBefore.size());
        assertThat(rows("SELECT * FROM twt_tweet ORDER BY id")).isEqualTo(tweetsExpected);
        assertThat(strings("SELECT coalesce(json_extract_string(raw, '$.user_id'), 'none') FROM twt_raw WHERE json_valid(raw)"))
                .doesNotContain(userId);
        Predicate<JsonNode> named = r -> userId.equals(r.path("user_id").asText(null))
                || !r.hasNonNull("user_id") && screenName.equals(r.path("screenname").asText(null));
        assertThat(objects()).isEqualTo(without(objectsBefore, named));
        assertThat(strings("SELECT kind || ' ' || id || ' ' || reason || ' ' || users_removed || ' ' || (tweets_removed > 0)"
                + " FROM twt_compliance_log WHERE source = 'users.json'")).containsExactly("user " + userId + " suspended 1 true");
    }

    @Test
    void withoutADatabaseNothingIsReadAndTheErrorSaysWhere() throws Exception {
        Path result = write("tweets.json", List.of(line("5", "deleted")));

        assertThat(twt("compliance", "apply", result.toString(), "--db", dir.resolve("none.duckdb").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no database at " + dir.resolve("none.duckdb"));
        assertThat(dir.resolve("none.duckdb")).doesNotExist();
    }

    private int twt(String... args) {
        out = out == null ? new StringWriter() : out;
        err = err == null ? new StringWriter() : err;
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String line(String id, String reason) {
        return "{\"id\":\"" + id + "\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\","
                + "\"redacted_at\":\"2026-03-02T00:00:00.000Z\",\"reason\":\"" + reason + "\"}";
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(dir.resolve(name), lines);
    }

    /** Ids of the records that quarantine entries keep, where the kept line is JSON with an id. */
    private List<String> quarantinedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, List<String>> o : objects().entrySet()) {
            if (o.getKey().startsWith("quarantine/")) {
                for (String l : o.getValue()) {
                    JsonNode r = record(l);
                    if (r != null && r.path("id").asText("").matches("[0-9]{1,19}")) {
                        ids.add(r.path("id").asText());
                    }
                }
            }
        }
        return ids;
    }

    /** The record a line is, or the one a quarantine entry keeps; null when it is not JSON. */
    private static JsonNode record(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n.isObject() && n.has("raw") && !n.has("id")) {
                return record(n.path("raw").asText());
            }
            return n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, List<String>> without(Map<String, List<String>> objects, Predicate<JsonNode> named) {
        Map<String, List<String>> out = new TreeMap<>();
        objects.forEach((key, lines) -> out.put(key, lines.stream().filter(l -> {
            JsonNode r = record(l);
            return r == null || !named.test(r);
        }).collect(Collectors.toList())));
        return out;
    }

    /** Every object's lines, by key. */
    private Map<String, List<String>> objects() throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> f : files().entrySet()) {
            try (InputStream in = Gzip.decompressIfGzip(new java.io.ByteArrayInputStream(f.getValue()));
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                out.put(f.getKey(), r.lines().collect(Collectors.toList()));
            }
        }
        return out;
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        for (String prefix : PREFIXES) {
            try (Stream<Path> files = Files.walk(work.resolve(prefix))) {
                for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    out.put(work.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
        }
        return out;
    }

    private List<String> strings(String sql) throws Exception {
        try (LocalStore store = LocalStore.open(db)) {
            return store.rows(sql).stream().map(r -> r.get(0)).collect(Collectors.toList());
        }
    }

    private Map<String, List<String>> rows(String sql) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (LocalStore store = LocalStore.open(db)) {
            for (List<String> r : store.rows(sql)) {
                out.put(r.get(0), r);
            }
        }
        return out;
    }

    private long count(String table) throws Exception {
        try (LocalStore store = LocalStore.open(db)) {
            return store.count(table);
        }
    }
}
