package io.twt.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The report as one HTML page that loads nothing: Apache ECharts (from its WebJar on the
 * classpath) and the data (JSON) are inlined; the licence and notice of ECharts are in the page.
 */
final class ReportPage {

    /** Where the WebJar keeps its version; the files sit under META-INF/resources/webjars/echarts/VERSION/. */
    private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The charts, each a div with this id; ReportChromiumIT reads them by id. */
    static final List<String> CHARTS = List.of("timeline", "share", "engagement", "verified", "top-posts", "top-reach");

    private ReportPage() {
    }

    static String echartsVersion() {
        Properties p = new Properties();
        try (InputStream in = resource(ECHARTS_POM)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ECHARTS_POM, e);
        }
        return p.getProperty("version");
    }

    static String echartsFile(String name) {
        String path = "META-INF/resources/webjars/echarts/" + echartsVersion() + "/" + name;
        try (InputStream in = resource(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + path + " (the org.webjars.npm:echarts jar)");
        }
        return in;
    }

    /** The data as the page's script reads it; times as UTC ISO-8601 text. */
    static Map<String, Object> json(ReportData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", d.database().toAbsolutePath().toString());
        m.put("since", d.since() == null ? null : utc(d.since()));
        m.put("cashtagFilter", d.cashtagFilter());
        m.put("from", d.from() == null ? null : utc(d.from()));
        m.put("to", d.to() == null ? null : utc(d.to()));
        m.put("granularity", d.hourly() ? "hour" : "day");
        m.put("headline", Map.of("cashtagPosts", d.cashtagPosts(), "cashtags", d.cashtagCount(), "authors", d.authors(), "posts", d.posts()));
        Map<String, Object> timeline = new LinkedHashMap<>();
        d.timeline().forEach((tag, points) -> {
            List<List<Object>> out = new ArrayList<>();
            points.forEach(p -> out.add(List.of(utc((LocalDateTime) p.get(0)), p.get(1))));
            timeline.put(tag, out);
        });
        m.put("timeline", timeline);
        m.put("share", d.shareOfVoice());
        m.put("engagement", d.engagement());
        m.put("verified", d.verifiedShare());
        m.put("topPosts", d.topByPosts());
        m.put("topReach", d.topByReach());
        m.put("generated", UTC.format(java.time.Instant.now().atOffset(ZoneOffset.UTC)));
        return m;
    }

    static String utc(LocalDateTime t) {
        return UTC.format(t);
    }

    static String render(ReportData d) {
        String data;
        try {
            data = MAPPER.writeValueAsString(json(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report's data as JSON", e);
        }
        String echarts = echartsFile("dist/echarts.min.js");
        if (echarts.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("echarts.min.js contains </script and cannot be inlined");
        }
        String page = PAGE.replace("@VERSION@", echartsVersion())
                .replace("@NOTICE@", html(echartsFile("NOTICE")))
                .replace("@LICENSE@", html(echartsFile("LICENSE")))
                .replace("@SCRIPT@", SCRIPT);
        // ECharts and the data go in last, at places found before, so neither is searched for placeholders.
        int e = page.indexOf("@ECHARTS@");
        int j = page.indexOf("@DATA@");
        return page.substring(0, e) + echarts + page.substring(e + "@ECHARTS@".length(), j) + scriptSafe(data)
                + page.substring(j + "@DATA@".length());
    }

    /**
     * JSON that no value can end the script element with: every {@code <} (and so every
     * {@code </script} and {@code <!--}) is written as the JSON escape {@code \u003c}.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final String PAGE = String.join("\n",
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>twt report</title>",
            "<style>",
            "body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px;"
                    + " color: #1f2933; background: #fff; }",
            "h1 { font-size: 1.5em; margin: 0 0 4px; } .range { color: #52606d; margin: 0 0 16px; }",
            ".headline { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }",
            ".headline div { background: #f0f4f8; border-radius: 6px; padding: 10px 16px; min-width: 140px; }",
            ".headline b { display: block; font-size: 1.6em; }",
            ".grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }",
            ".chart { height: 360px; border: 1px solid #d9e2ec; border-radius: 6px; } .wide { grid-column: 1 / -1; }",
            "footer { color: #52606d; font-size: 0.85em; margin-top: 24px; } pre { white-space: pre-wrap; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>twt report</h1>",
            "<p class=\"range\" id=\"range\"></p>",
            "<div class=\"headline\" id=\"headline\"></div>",
            "<div class=\"grid\">",
            "<div class=\"chart wide\" id=\"timeline\" data-chart></div>",
            "<div class=\"chart\" id=\"share\" data-chart></div>",
            "<div class=\"chart\" id=\"engagement\" data-chart></div>",
            "<div class=\"chart\" id=\"top-posts\" data-chart></div>",
            "<div class=\"chart\" id=\"top-reach\" data-chart></div>",
            "<div class=\"chart wide\" id=\"verified\" data-chart></div>",
            "</div>",
            "<footer>",
            "<p>Made by <code>twt report</code> from the views twt_cashtag_hourly, twt_cashtag_daily, twt_author and "
                    + "twt_cashtag_verified_share. Times are UTC. Author figures cover all time; the others the range above.</p>",
            "<p>Charts drawn with Apache ECharts @VERSION@ (inlined in this page), licensed under the Apache License, Version 2.0.</p>",
            "<details><summary>Apache ECharts NOTICE and LICENSE</summary><pre>@NOTICE@</pre><pre>@LICENSE@</pre></details>",
            "</footer>",
            "<script>@ECHARTS@</script>",
            "<script type=\"application/json\" id=\"twt-data\">@DATA@</script>",
            "<script>@SCRIPT@</script>",
            "</body>",
            "</html>",
            "");

    /** Builds the headline and the charts from the JSON; animation off, so a chart is complete once set. */
    private static final String SCRIPT = String.join("\n",
            "(function () {",
            "  'use strict';",
            "  var D = JSON.parse(document.getElementById('twt-data').textContent);",
            "  var fmt = function (n) { return Number(n).toLocaleString('en-US'); };",
            "  function dollar(tag) { return '$' + tag; }",
            "  var range = document.getElementById('range');",
            "  var when = function (t) { return t.slice(0, 16).replace('T', ' '); };",
            "  range.textContent = (D.from === null ? 'No cashtag posts' : 'Cashtag posts from the hour of ' + when(D.from)"
                    + " + ' to the hour of ' + when(D.to) + ' UTC, charted per ' + D.granularity)"
                    + " + (D.since ? '; since ' + when(D.since) : '')"
                    + " + (D.cashtagFilter.length ? '; cashtags ' + D.cashtagFilter.map(dollar).join(', ') : '') + '. Database: ' + D.database;",
            "  var headline = document.getElementById('headline');",
            "  [['cashtag posts', D.headline.cashtagPosts], ['cashtags', D.headline.cashtags], ['authors (all time)', D.headline.authors],"
                    + " ['posts (all time)', D.headline.posts]].forEach(function (h) {",
            "    var box = document.createElement('div'); var b = document.createElement('b');",
            "    b.textContent = fmt(h[1]); box.appendChild(b); box.appendChild(document.createTextNode(h[0])); headline.appendChild(box);",
            "  });",
            "  var charts = [];",
            "  function chart(id, title, option) {",
            "    var c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });",
            "    option.animation = false; option.useUTC = true; option.title = { text: title, left: 8, top: 6, textStyle: { fontSize: 14 } };",
            "    option.tooltip = option.tooltip || { trigger: 'item' };",
            "    c.setOption(option); charts.push(c); return c;",
            "  }",
            "  function names(rows) { return rows.map(function (r) { return r[0]; }); }",
            "  function values(rows, i) { return rows.map(function (r) { return r[i]; }); }",
            "  var grid = { left: 60, right: 24, top: 48, bottom: 40, containLabel: true };",
            "  chart('timeline', 'Posts per cashtag per ' + D.granularity, {",
            "    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 28, formatter: dollar },",
            "    grid: { left: 60, right: 24, top: 64, bottom: 40, containLabel: true },",
            "    xAxis: { type: 'time' }, yAxis: { type: 'value', name: 'posts', minInterval: 1 },",
            "    series: Object.keys(D.timeline).map(function (tag) {",
            "      return { name: tag, type: 'line', showSymbol: true, data: D.timeline[tag] };",
            "    })",
            "  });",
            "  chart('share', 'Share of voice (posts per cashtag)', {",
            "    legend: { type: 'scroll', orient: 'vertical', right: 8, top: 36, formatter: dollar },",
            "    series: [{ name: 'posts', type: 'pie', radius: ['30%', '65%'], center: ['40%', '55%'],",
            "      label: { formatter: function (p) { return '$' + p.name + ' ' + p.percent + '%'; } },",
            "      data: D.share.map(function (r) { return { name: r[0], value: r[1] }; }) }]",
            "  });",
            "  chart('engagement', 'Engagement per cashtag (retweets, replies, likes, quotes)', {",
            "    grid: grid, xAxis: { type: 'category', data: names(D.engagement), axisLabel: { formatter: dollar, rotate: 30 } },",
            "    yAxis: { type: 'value' }, series: [{ name: 'engagement', type: 'bar', data: values(D.engagement, 1) }]",
            "  });",
            "  chart('top-posts', 'Top authors by posts', {",
            "    grid: grid, xAxis: { type: 'value', minInterval: 1 },",
            "    yAxis: { type: 'category', inverse: true, data: names(D.topPosts), axisLabel: { formatter: function (n) { return '@' + n; } } },",
            "    series: [{ name: 'posts', type: 'bar', data: values(D.topPosts, 1) }]",
            "  });",
            "  chart('top-reach', 'Top authors by reach (followers)', {",
            "    grid: grid, xAxis: { type: 'value' },",
            "    yAxis: { type: 'category', inverse: true, data: names(D.topReach), axisLabel: { formatter: function (n) { return '@' + n; } } },",
            "    series: [{ name: 'reach', type: 'bar', data: values(D.topReach, 1), itemStyle: { color: '#91cc75' } }]",
            "  });",
            "  chart('verified', 'Verified share of each cashtag\\'s authors (all time)', {",
            "    grid: grid, xAxis: { type: 'category', data: names(D.verified), axisLabel: { formatter: dollar } },",
            "    yAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return Math.round(v * 100) + '%'; } } },",
            "    series: [{ name: 'verified share', type: 'bar', data: values(D.verified, 1), itemStyle: { color: '#fac858' } }]",
            "  });",
            "  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });",
            "})();");
}
