package io.twt.local;

import io.twt.core.sql.SqlCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What {@code twt report} draws, read from the analysts' views only (their SQL lives in the
 * migrations): the report filters, orders and limits their rows, and derives nothing else.
 *
 * @param from          the first hour with a cashtag post in range, null when there is none
 * @param to            the last such hour
 * @param hourly        whether the timeline is per hour (else per day)
 * @param cashtagPosts  posts per cashtag, summed over the cashtags in range (a post with two counts twice)
 * @param cashtagCount  the cashtags in range
 * @param authors       authors with a post (twt_author, all time)
 * @param posts         their posts (twt_author, all time)
 * @param timeline      the charted cashtags' posts per bucket: cashtag to [bucket start, posts] in time order
 * @param shareOfVoice  [cashtag, posts] in range, most first
 * @param engagement    [cashtag, engagement] in range (whole days), most first
 * @param verifiedShare [cashtag, share, verified authors, authors] of the charted cashtags (all time)
 * @param topByPosts    [screen name, posts] most first
 * @param topByReach    [screen name, reach] most first
 */
record ReportData(Path database, LocalDateTime since, List<String> cashtagFilter, LocalDateTime from, LocalDateTime to, boolean hourly,
        long cashtagPosts, long cashtagCount, long authors, long posts, Map<String, List<List<Object>>> timeline,
        List<List<Object>> shareOfVoice, List<List<Object>> engagement, List<List<Object>> verifiedShare,
        List<List<Object>> topByPosts, List<List<Object>> topByReach) {

    /** A range up to this long is charted per hour, a longer one per day. */
    static final long HOURLY_UP_TO_HOURS = 72;
    /** Without --cashtag, the charts show this many cashtags, those with the most posts in range. */
    static final int TOP_CASHTAGS = 12;
    static final int TOP_AUTHORS = 10;

    /** A database that cannot be reported on, with why and its path. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static ReportData load(Path db, LocalDateTime since, List<String> cashtags) throws Unreadable {
        if (!Files.isRegularFile(db)) {
            throw new Unreadable("no database at " + db.toAbsolutePath() + ": make one with `java -jar local/target/twt.jar local "
                    + "--input FILE` (or give its path with --db)", null);
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), readOnly)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
            }
            requireViews(c, db);
            return new Loader(c, db, since, cashtags).load();
        } catch (SQLException e) {
            throw new Unreadable("cannot read " + db.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static void requireViews(Connection c, Path db) throws SQLException, Unreadable {
        TreeSet<String> missing = new TreeSet<>(SqlCatalogue.ANALYST_VIEWS);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        if (!missing.isEmpty()) {
            throw new Unreadable(db.toAbsolutePath() + " has no " + String.join(", ", missing) + ": it is not a twt database, or one "
                    + "from before the analysts' views; `twt local` with this twt adds them (it migrates the database)", null);
        }
    }

    /** The queries of one report, each over a view with the report's filters bound as parameters. */
    private static final class Loader {
        private final Connection c;
        private final Path db;
        private final LocalDateTime since;
        private final List<String> cashtags;

        Loader(Connection c, Path db, LocalDateTime since, List<String> cashtags) {
            this.c = c;
            this.db = db;
            this.since = since;
            this.cashtags = cashtags;
        }

        ReportData load() throws SQLException {
            String hourly = SqlCatalogue.CASHTAG_HOURLY;
            String daily = SqlCatalogue.CASHTAG_DAILY;
            List<Object> range = rows("SELECT min(hour), max(hour), coalesce(sum(posts), 0), count(DISTINCT cashtag) FROM " + hourly
                    + where("hour", sinceHour(), cashtags), sinceHour(), cashtags).get(0);
            LocalDateTime from = (LocalDateTime) range.get(0);
            LocalDateTime to = (LocalDateTime) range.get(1);
            boolean perHour = from == null || Duration.between(from, to).toHours() <= HOURLY_UP_TO_HOURS;

            List<List<Object>> share = rows("SELECT cashtag, sum(posts) AS n FROM " + hourly + where("hour", sinceHour(), cashtags)
                    + " GROUP BY cashtag ORDER BY n DESC, cashtag" + (cashtags.isEmpty() ? " LIMIT " + TOP_CASHTAGS : ""),
                    sinceHour(), cashtags);
            List<String> charted = new ArrayList<>();
            share.forEach(r -> charted.add((String) r.get(0)));

            Map<String, List<List<Object>>> timeline = new LinkedHashMap<>();
            List<List<Object>> engagement = new ArrayList<>();
            List<List<Object>> verified = new ArrayList<>();
            if (!charted.isEmpty()) {
                charted.forEach(tag -> timeline.put(tag, new ArrayList<>()));
                List<List<Object>> points = perHour
                        ? rows("SELECT cashtag, hour, posts FROM " + hourly + where("hour", sinceHour(), charted) + " ORDER BY cashtag, hour",
                                sinceHour(), charted)
                        : rows("SELECT cashtag, day, posts FROM " + daily + where("day", sinceDay(), charted) + " ORDER BY cashtag, day",
                                sinceDay(), charted);
                for (List<Object> p : points) {
                    Object bucket = p.get(1) instanceof LocalDate ? ((LocalDate) p.get(1)).atStartOfDay() : p.get(1);
                    timeline.get((String) p.get(0)).add(List.of(bucket, p.get(2)));
                }
                engagement = rows("SELECT cashtag, sum(engagement) AS n FROM " + daily + where("day", sinceDay(), charted)
                        + " GROUP BY cashtag ORDER BY n DESC, cashtag", sinceDay(), charted);
                verified = rows("SELECT cashtag, share, verified_authors, authors FROM " + SqlCatalogue.CASHTAG_VERIFIED_SHARE
                        + where(null, null, charted) + " ORDER BY share DESC, cashtag", null, charted);
            }
            String author = SqlCatalogue.AUTHOR;
            List<Object> totals = rows("SELECT count(*), coalesce(sum(posts), 0) FROM " + author + " WHERE posts > 0", null, List.of()).get(0);
            List<List<Object>> byPosts = rows("SELECT screen_name, posts FROM " + author
                    + " WHERE posts > 0 ORDER BY posts DESC, screen_name LIMIT " + TOP_AUTHORS, null, List.of());
            List<List<Object>> byReach = rows("SELECT screen_name, reach FROM " + author
                    + " WHERE posts > 0 ORDER BY reach DESC, screen_name LIMIT " + TOP_AUTHORS, null, List.of());
            return new ReportData(db, since, cashtags, from, to, perHour, number(range.get(2)), number(range.get(3)), number(totals.get(0)),
                    number(totals.get(1)), timeline, share, engagement, verified, byPosts, byReach);
        }

        private LocalDateTime sinceHour() {
            return since == null ? null : since.truncatedTo(ChronoUnit.HOURS);
        }

        private LocalDate sinceDay() {
            return since == null ? null : since.toLocalDate();
        }

        /** WHERE with a placeholder for the time bound (when given) and one per cashtag. */
        private static String where(String timeColumn, Object bound, List<String> tags) {
            List<String> terms = new ArrayList<>();
            if (bound != null) {
                // Bound as text and cast, so that no JVM time zone takes part.
                terms.add(timeColumn + " >= CAST(? AS " + (bound instanceof LocalDate ? "DATE" : "TIMESTAMP") + ")");
            }
            if (!tags.isEmpty()) {
                terms.add("cashtag IN (" + String.join(", ", Collections.nCopies(tags.size(), "?")) + ")");
            }
            return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
        }

        private List<List<Object>> rows(String sql, Object bound, List<String> tags) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (bound != null) {
                    ps.setString(i++, bound.toString().replace('T', ' '));
                }
                for (String tag : tags) {
                    ps.setString(i++, tag);
                }
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int col = 1; col <= n; col++) {
                            Object v = rs.getObject(col);
                            row.add(v instanceof java.sql.Timestamp ? rs.getObject(col, LocalDateTime.class)
                                    : v instanceof Number && !(v instanceof Double) ? (Object) number(v) : v);
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        }
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }
}
