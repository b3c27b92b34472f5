package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code twt local} on events/sample-stream.ndjson fills twt_tweet_entity with the cashtags X gives
 * in each line, read here independently of the trimmer, and a second run changes nothing.
 */
class BundledSampleEntitiesTest {

    private static final Path SAMPLE = Path.of("..", "events", "sample-stream.ndjson");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ENTITY_ROWS =
            "SELECT tweet_id, kind, value, CAST(created_at AS VARCHAR), user_screen_name FROM twt_tweet_entity ORDER BY 1, 2, 3";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    private void twtLocal() {
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("local", "--input", SAMPLE.toString(), "--workdir", dir.resolve("w").toString())).isZero();
    }

    @Test
    void theCashtagRowsAreExactlyTheCashtagsXGaveForEachMergedPostAndASecondRunChangesNothing() throws Exception {
        twtLocal();
        Set<String> tableCashtags;
        Set<String> tweetIds;
        List<List<String>> entitiesAfterFirstRun;
        try (LocalStore store = LocalStore.open(dir.resolve("w/twt.duckdb"))) {
            tableCashtags = store.rows("SELECT tweet_id, value FROM twt_tweet_entity WHERE kind = 'cashtag'").stream()
                    .map(row -> row.get(0) + " " + row.get(1)).collect(Collectors.toSet());
            tweetIds = store.rows("SELECT id FROM twt_tweet").stream().map(row -> row.get(0)).collect(Collectors.toSet());
            entitiesAfterFirstRun = store.rows(ENTITY_ROWS);
        }

        Set<String> expected = new HashSet<>();
        cashtagsXGave().forEach((id, tags) -> {
            if (tweetIds.contains(id)) {
                tags.forEach(tag -> expected.add(id + " " + tag));
            }
        });
        assertThat(expected).as("the sample has cashtags").hasSizeGreaterThan(tweetIds.size() / 2);
        assertThat(new TreeSet<>(tableCashtags)).isEqualTo(new TreeSet<>(expected));

        twtLocal();
        try (LocalStore store = LocalStore.open(dir.resolve("w/twt.duckdb"))) {
            assertThat(store.rows(ENTITY_ROWS)).as("the second run delivered the same posts again").isEqualTo(entitiesAfterFirstRun);
        }
    }

    @Test
    void topCashtagsCountsThePostsWithEachCashtagInXsEntities() throws Exception {
        twtLocal();
        Set<String> tweetIds;
        try (LocalStore store = LocalStore.open(dir.resolve("w/twt.duckdb"))) {
            tweetIds = store.rows("SELECT id FROM twt_tweet").stream().map(row -> row.get(0)).collect(Collectors.toSet());
        }
        Map<String, Integer> posts = new HashMap<>();
        cashtagsXGave().forEach((id, tags) -> {
            if (tweetIds.contains(id)) {
                tags.forEach(tag -> posts.merge(tag, 1, Integer::sum));
            }
        });
        String summary = out.toString();
        String top = summary.substring(summary.indexOf("Top cashtags:\n"), summary.indexOf("Top users:"));
        List<String> rows = top.lines().skip(1).collect(Collectors.toList());
        assertThat(rows).hasSize(Math.min(5, posts.size()));
        for (String row : rows) {
            String[] cells = row.trim().split(" +");
            assertThat(cells[0]).startsWith("$");
            assertThat(cells[2]).isEqualTo("posts");
            assertThat(Integer.parseInt(cells[1].replace(",", ""))).as(cells[0]).isEqualTo(posts.get(cells[0].substring(1)));
        }
    }

    /**
     * Each post id's cashtags, upper-case, over all of its lines, as X gives them: a v2 line's
     * data.entities.cashtags[].tag; a v1.1 status's extended_tweet.entities.symbols[].text when it
     * has extended_tweet.entities, else its entities.symbols[].text. Other lines are left out.
     */
    private static Map<String, Set<String>> cashtagsXGave() throws Exception {
        Map<String, Set<String>> byId = new HashMap<>();
        for (String line : Files.readAllLines(SAMPLE)) {
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException notJson) {
                continue;
            }
            if (node == null || !node.isObject()) {
                continue;
            }
            String id;
            JsonNode tags;
            String member;
            if (node.path("data").isObject()) {
                id = node.path("data").path("id").asText();
                tags = node.path("data").path("entities").path("cashtags");
                member = "tag";
            } else if (node.has("id_str") && node.path("user").isObject()) {
                id = node.path("id_str").asText();
                JsonNode extended = node.path("extended_tweet").path("entities");
                tags = (extended.isObject() ? extended : node.path("entities")).path("symbols");
                member = "text";
            } else {
                continue;
            }
            Set<String> tagsOfId = byId.computeIfAbsent(id, k -> new HashSet<>());
            // A missing array iterates as empty.
            for (JsonNode tag : tags) {
                tagsOfId.add(tag.path(member).asText().toUpperCase(Locale.ROOT));
            }
        }
        return byId;
    }
}
