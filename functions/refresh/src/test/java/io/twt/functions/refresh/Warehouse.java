package io.twt.functions.refresh;

import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.ConnectionSource;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.SqlCatalogue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB stand-in for the Snowflake account: the schema from DuckDB's migrations (the runner
 * twt local uses), raw rows loaded the way twt local's store loads them (twt_raw with an increasing
 * load_seq, over which twt_stream_offset emulates the stream), and the target tables read back in
 * the shapes of {@link Expected}.
 */
final class Warehouse implements AutoCloseable {

    private static final RecordJson JSON = new RecordJson();

    private final String url;
    private final DuckDBConnection main;
    private final List<Connection> opened = new ArrayList<>();
    private int files;

    private Warehouse(String url) throws SQLException {
        this.url = url;
        this.main = (DuckDBConnection) DriverManager.getConnection(url);
        try (Statement s = main.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(main, Map.of());
    }

    static Warehouse inMemory() throws SQLException {
        return new Warehouse("jdbc:duckdb:");
    }

    /** A database file: other connections opened with {@link #newConnection()} share it. */
    static Warehouse file(Path file) throws SQLException {
        return new Warehouse("jdbc:duckdb:" + file.toAbsolutePath());
    }

    Connection connection() {
        return main;
    }

    /** The source the service gets its connection from: always the same one, as in a warm Lambda. */
    ConnectionSource source() {
        return () -> main;
    }

    /** Another connection (session) to the same database. */
    Connection newConnection() throws SQLException {
        Connection c = url.equals("jdbc:duckdb:") ? main.duplicate() : DriverManager.getConnection(url);
        opened.add(c);
        return c;
    }

    /** Loads the records as one delivered object, as Snowpipe would: one twt_raw row per line. */
    void load(List<TweetRecord> records) throws SQLException {
        loadLines(records.stream().map(JSON::toJson).toList());
    }

    /** Loads the lines, as they are, as one delivered object. */
    void loadLines(List<String> lines) throws SQLException {
        String fileName = "validated/2026/03/01/12/object-" + (++files) + ".gz";
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long seq = queryLong("SELECT COALESCE(MAX(load_seq), 0) FROM " + SqlCatalogue.RAW);
        try (DuckDBAppender appender = main.createAppender(DuckDBConnection.DEFAULT_SCHEMA, SqlCatalogue.RAW)) {
            long line = 0;
            for (String text : lines) {
                appender.beginRow()
                        .append(text)
                        .append(fileName)
                        .append(++line)
                        .append(now)
                        .append(++seq)
                        .endRow();
            }
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long count(String table) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM " + table);
    }

    /** How far the emulated stream has been consumed, and how far it could be. */
    long consumedSeq() throws SQLException {
        return queryLong("SELECT consumed_seq FROM twt_stream_offset");
    }

    long lastLoadSeq() throws SQLException {
        return queryLong("SELECT COALESCE(MAX(load_seq), 0) FROM " + SqlCatalogue.RAW);
    }

    /** twt_tweet in {@link Expected#tweets}'s shape. */
    Map<String, List<String>> tweets() throws SQLException {
        return keyed("SELECT id, strftime(created_at, '%Y-%m-%d %H:%M:%S'), user_screen_name, text,"
                + " tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, coalesce(user_id, 'null')"
                + " FROM twt_tweet");
    }

    /** twt_user in {@link Expected#users}'s shape. */
    Map<String, List<String>> users() throws SQLException {
        return keyed("SELECT screen_name, username, user_favourites_count, user_followers_count,"
                + " user_friends_count, user_listed_count, user_statuses_count, verified, verified_type,"
                + " strftime(last_updated, '%Y-%m-%d %H:%M:%S'), coalesce(user_id, 'null'), last_tweet_id FROM twt_user");
    }

    private Map<String, List<String>> keyed(String sql) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.put(row.get(0), row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : opened) {
            c.close();
        }
        main.close();
    }
}
