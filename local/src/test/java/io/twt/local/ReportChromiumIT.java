package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code twt report}'s page in a real browser: headless Chromium opens the file, and over the
 * DevTools protocol the test reads what each ECharts chart holds and compares it with the views,
 * checks that nothing was logged as an error or thrown, that nothing was fetched from a network,
 * and that the screenshot shows charts.
 */
class ReportChromiumIT {

    /** Each chart's series (name, data) and its category axis, as ECharts holds them. */
    private static final String READ_CHARTS = String.join("\n",
            "JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll('[data-chart]')).map(function (el) {",
            "  var o = echarts.getInstanceByDom(el).getOption();",
            "  var axis = function (a) { return a && a[0] && a[0].data ? a[0].data : null; };",
            "  return [el.id, { series: o.series.map(function (s) { return { name: s.name, data: s.data }; }),",
            "    x: axis(o.xAxis), y: axis(o.yAxis) }];",
            "})))");

    @TempDir
    Path dir;

    @BeforeAll
    static void chromiumIsInstalled() {
        if (!Files.isExecutable(DevToolsSession.CHROMIUM)) {
            fail("Chromium is not installed at " + DevToolsSession.CHROMIUM + ": install it with `apt-get install chromium` "
                    + "(.ci/run does when it is missing), or name another binary with -Dtwt.chromium=PATH");
        }
    }

    @Test
    void eachChartHoldsTheViewsNumbersWithoutAnErrorOrANetworkRequest() throws Exception {
        Path db = ReportFixture.standard().write(dir.resolve("twt.duckdb"));
        Path html = dir.resolve("report.html");
        StringWriter err = new StringWriter();
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("report", "--db", db.toString(), "--out", html.toString())).as(err.toString()).isZero();

        JsonNode charts;
        byte[] png;
        DevToolsSession browser;
        try (DevToolsSession b = DevToolsSession.start()) {
            browser = b;
            for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                b.call(domain + ".enable", Map.of());
            }
            b.call("Page.navigate", Map.of("url", html.toUri().toString()));
            b.await("Page.loadEventFired", p -> true);
            charts = new ObjectMapper().readTree(b.evaluate(READ_CHARTS).asText());
            png = Base64.getDecoder().decode(b.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
        }

        assertThat(browser.events("Runtime.exceptionThrown")).as("exceptions").isEmpty();
        assertThat(browser.events("Runtime.consoleAPICalled")).as("console errors")
                .noneMatch(p -> p.path("type").asText().equals("error"));
        assertThat(browser.events("Log.entryAdded")).as("logged errors")
                .noneMatch(p -> p.path("entry").path("level").asText().equals("error"));
        List<String> urls = new ArrayList<>();
        browser.events("Network.requestWillBeSent").forEach(p -> urls.add(p.path("request").path("url").asText()));
        assertThat(urls).as("requests").contains(html.toUri().toString())
                .allSatisfy(u -> assertThat(u).matches("(file|data):.*"));

        assertThat(charts.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(ReportPage.CHARTS);
        try (Connection c = readOnly(db)) {
            Map<String, List<List<Object>>> timeline = new TreeMap<>();
            for (List<Object> r : rows(c, "SELECT cashtag, hour, posts FROM twt_cashtag_hourly ORDER BY cashtag, hour")) {
                timeline.computeIfAbsent((String) r.get(0), k -> new ArrayList<>())
                        .add(List.of(ReportPage.utc((LocalDateTime) r.get(1)), r.get(2)));
            }
            Map<String, List<List<Object>>> drawn = new TreeMap<>();
            charts.at("/timeline/series").forEach(s -> {
                List<List<Object>> points = new ArrayList<>();
                s.get("data").forEach(p -> points.add(List.of(p.get(0).asText(), p.get(1).asLong())));
                drawn.put(s.get("name").asText(), points);
            });
            assertThat(drawn).isEqualTo(timeline);

            Map<String, Object> share = new TreeMap<>();
            charts.at("/share/series/0/data").forEach(p -> share.put(p.get("name").asText(), p.get("value").asLong()));
            assertThat(share).isEqualTo(map(rows(c, "SELECT cashtag, sum(posts) FROM twt_cashtag_hourly GROUP BY cashtag")));

            assertThat(new TreeMap<>(zip(charts.get("engagement"), "x")))
                    .isEqualTo(map(rows(c, "SELECT cashtag, sum(engagement) FROM twt_cashtag_daily GROUP BY cashtag")));
            assertThat(new TreeMap<>(zip(charts.get("verified"), "x")))
                    .isEqualTo(map(rows(c, "SELECT cashtag, share FROM twt_cashtag_verified_share")));
            assertThat(zip(charts.get("top-posts"), "y")).containsExactlyEntriesOf(map(rows(c,
                    "SELECT screen_name, posts FROM twt_author WHERE posts > 0 ORDER BY posts DESC, screen_name LIMIT 10")));
            assertThat(zip(charts.get("top-reach"), "y")).containsExactlyEntriesOf(map(rows(c,
                    "SELECT screen_name, reach FROM twt_author WHERE posts > 0 ORDER BY reach DESC, screen_name LIMIT 10")));
        }

        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(shot.getWidth()).isGreaterThan(600);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < shot.getHeight(); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                colours.add(shot.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(200);
    }

    /** A bar chart's categories (on axis {@code axis}) paired with its first series' values, in order. */
    private static Map<String, Object> zip(JsonNode chart, String axis) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode names = chart.get(axis);
        JsonNode values = chart.at("/series/0/data");
        assertThat(names.size()).isEqualTo(values.size()).isPositive();
        for (int i = 0; i < names.size(); i++) {
            JsonNode v = values.get(i);
            out.put(names.get(i).asText(), v.isIntegralNumber() ? (Object) v.asLong() : v.asDouble());
        }
        return out;
    }

    private static Map<String, Object> map(List<List<Object>> rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (List<Object> r : rows) {
            Object v = r.get(1);
            out.put((String) r.get(0), v instanceof Double ? v : ((Number) v).longValue());
        }
        return out;
    }

    private static Connection readOnly(Path db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), p);
        try (var s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        return c;
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Timestamp ? rs.getObject(i, LocalDateTime.class) : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
