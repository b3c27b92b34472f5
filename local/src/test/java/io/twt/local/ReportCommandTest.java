package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code twt report}: what the page holds for a known database, its filters, its safety, and its errors. */
class ReportCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"twt-data\">(.*?)</script>", Pattern.DOTALL);

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

    private JsonNode report(Path db, String... extra) throws Exception {
        Path html = dir.resolve("out/report.html");
        List<String> args = new ArrayList<>(List.of("report", "--db", db.toString(), "--out", html.toString()));
        args.addAll(List.of(extra));
        assertThat(twt(args.toArray(String[]::new))).as(err.toString()).isZero();
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Matcher m = DATA.matcher(page);
        assertThat(m.find()).isTrue();
        return MAPPER.readTree(m.group(1));
    }

    @Test
    void thePageHoldsTheHeadlineAndTheHourlyTimelineOfAKnownDatabase() throws Exception {
        ReportFixture f = ReportFixture.standard();
        JsonNode d = report(f.write(dir.resolve("twt.duckdb")));

        long cashtagPosts = f.posts.stream().mapToLong(p -> p.cashtags().size()).sum();
        Set<String> tags = f.posts.stream().flatMap(p -> p.cashtags().stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(d.at("/headline/cashtagPosts").asLong()).isEqualTo(cashtagPosts);
        assertThat(d.at("/headline/cashtags").asLong()).isEqualTo(tags.size());
        assertThat(d.at("/headline/posts").asLong()).isEqualTo(f.posts.size());
        assertThat(d.at("/headline/authors").asLong()).isEqualTo(f.posts.stream().map(ReportFixture.Post::author).distinct().count());
        assertThat(d.get("granularity").asText()).isEqualTo("hour");

        List<LocalDateTime> times = f.posts.stream().filter(p -> !p.cashtags().isEmpty()).map(ReportFixture.Post::createdAt).sorted().toList();
        assertThat(d.get("from").asText()).isEqualTo(ReportPage.utc(times.get(0).truncatedTo(ChronoUnit.HOURS)));
        assertThat(d.get("to").asText()).isEqualTo(ReportPage.utc(times.get(times.size() - 1).truncatedTo(ChronoUnit.HOURS)));

        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (ReportFixture.Post p : f.posts) {
            for (String tag : p.cashtags()) {
                expected.computeIfAbsent(tag, k -> new TreeMap<>()).merge(ReportPage.utc(p.createdAt().truncatedTo(ChronoUnit.HOURS)), 1L, Long::sum);
            }
        }
        Map<String, Map<String, Long>> actual = new TreeMap<>();
        d.get("timeline").fields().forEachRemaining(e -> {
            Map<String, Long> points = new TreeMap<>();
            e.getValue().forEach(p -> points.put(p.get(0).asText(), p.get(1).asLong()));
            actual.put(e.getKey(), points);
        });
        assertThat(actual).isEqualTo(expected);
        assertThat(out.toString()).startsWith("twt report: " + dir.resolve("out/report.html"));
    }

    @Test
    void aRangeLongerThanThreeDaysIsChartedPerDayWithEngagement() throws Exception {
        ReportFixture f = new ReportFixture().author("alice", 10, false);
        f.post(ReportFixture.T0, "alice", 5, "TSLA").post(ReportFixture.T0.plusHours(1), "alice", 7, "TSLA")
                .post(ReportFixture.T0.plusDays(5), "alice", 1, "TSLA");
        JsonNode d = report(f.write(dir.resolve("twt.duckdb")));

        assertThat(d.get("granularity").asText()).isEqualTo("day");
        String day0 = ReportPage.utc(ReportFixture.T0.truncatedTo(ChronoUnit.DAYS));
        String day5 = ReportPage.utc(ReportFixture.T0.plusDays(5).truncatedTo(ChronoUnit.DAYS));
        assertThat(d.at("/timeline/TSLA").toString()).isEqualTo("[[\"" + day0 + "\",2],[\"" + day5 + "\",1]]");
        // The fixture's other counters are 1 quote, 2 replies and 3 retweets a post.
        long engagement = f.posts.stream().mapToLong(p -> p.likes() + 1 + 2 + 3).sum();
        assertThat(d.at("/engagement/0/1").asLong()).isEqualTo(engagement);
    }

    @Test
    void sinceAndCashtagKeepOnlyThosePostsInTheCashtagCharts() throws Exception {
        ReportFixture f = ReportFixture.standard();
        LocalDateTime since = ReportFixture.T0.plusHours(12);
        JsonNode d = report(f.write(dir.resolve("twt.duckdb")), "--since", since + ":00Z", "--cashtag", "$tsla", "--cashtag", "aapl");

        Map<String, Long> expected = new TreeMap<>();
        for (ReportFixture.Post p : f.posts) {
            if (!p.createdAt().truncatedTo(ChronoUnit.HOURS).isBefore(since)) {
                p.cashtags().stream().filter(t -> t.equals("TSLA") || t.equals("AAPL")).forEach(t -> expected.merge(t, 1L, Long::sum));
            }
        }
        Map<String, Long> share = new TreeMap<>();
        d.get("share").forEach(r -> share.put(r.get(0).asText(), r.get(1).asLong()));
        assertThat(share).isEqualTo(expected).containsOnlyKeys("TSLA", "AAPL");
        assertThat(d.get("from").asText()).isGreaterThanOrEqualTo(ReportPage.utc(since));
        assertThat(d.get("cashtagFilter").toString()).isEqualTo("[\"TSLA\",\"AAPL\"]");
    }

    @Test
    void thePageLoadsNothingFromTheNetworkAndCarriesEChartsWithItsLicence() throws Exception {
        report(ReportFixture.standard().write(dir.resolve("twt.duckdb")));
        String page = Files.readString(dir.resolve("out/report.html"), StandardCharsets.UTF_8);

        String echarts = ReportPage.echartsFile("dist/echarts.min.js");
        assertThat(page).contains(echarts);
        // The page's own markup, style and script (ECharts' code names url( for SVG it may draw).
        assertThat(page.replace(echarts, "")).doesNotContainPattern("(?i)<script[^>]*\\bsrc=").doesNotContainPattern("(?i)<link\\b")
                .doesNotContainPattern("(?i)@import|@font-face|url\\(");
        assertThat(page)
                .contains("Apache ECharts " + ReportPage.echartsVersion())
                .contains("Apache License, Version 2.0")
                .contains("Copyright 2017-2022 The Apache Software Foundation");
        for (String id : ReportPage.CHARTS) {
            assertThat(page).contains("id=\"" + id + "\" data-chart");
        }
    }

    @Test
    void noValueCanEndTheDataScript() throws Exception {
        String name = "</script><script>alert(1)</script><!--";
        ReportFixture f = new ReportFixture().author(name, 5, false);
        f.post(ReportFixture.T0, name, 0, "TSLA");
        JsonNode d = report(f.write(dir.resolve("twt.duckdb")));

        String page = Files.readString(dir.resolve("out/report.html"), StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("alert(1)</script>").doesNotContain("<script>alert");
        assertThat(d.at("/topPosts/0/0").asText()).isEqualTo(name);
        assertThat(d.at("/topReach/0/0").asText()).isEqualTo(name);
    }

    @Test
    void aMissingDatabaseIsNamedWithItsPath() {
        Path missing = dir.resolve("nowhere/twt.duckdb");
        assertThat(twt("report", "--db", missing.toString(), "--out", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("twt report: no database at " + missing.toAbsolutePath());
        assertThat(Files.exists(missing)).as("the report creates no database").isFalse();
        assertThat(Files.exists(dir.resolve("r.html"))).isFalse();
    }

    @Test
    void aDatabaseWithoutTheViewsIsNamedWithWhatItLacks() throws Exception {
        Path other = dir.resolve("other.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + other.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE twt_tweet (id VARCHAR)");
        }
        assertThat(twt("report", "--db", other.toString(), "--out", dir.resolve("r.html").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("twt report: " + other.toAbsolutePath() + " has no twt_author, twt_cashtag_daily, "
                + "twt_cashtag_hourly, twt_cashtag_verified_share");
    }

    @Test
    void badSinceOrCashtagIsAUsageError() throws Exception {
        Path db = ReportFixture.standard().write(dir.resolve("twt.duckdb"));
        assertThat(twt("report", "--db", db.toString(), "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--since 'yesterday' is neither a date");
        assertThat(twt("report", "--db", db.toString(), "--cashtag", "two words")).isEqualTo(2);
        assertThat(err.toString()).contains("--cashtag 'two words' is not a cashtag");
    }
}
