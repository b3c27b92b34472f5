package io.twt.local;

import io.twt.core.io.GzipMembersInputStream;
import io.twt.core.io.LineReader;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.SqlCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The local warehouse: a DuckDB database with the same tables as Snowflake. {@code twt_raw} plays
 * the pipe's target, {@code twt_load_history} the pipe's load history (a file is loaded once), and
 * {@code twt_stream_offset} the append-only stream's offset.
 */
final class LocalStore implements AutoCloseable {

    private final DuckDBConnection connection;
    private final SqlCatalogue catalogue = new SqlCatalogue(Dialect.DUCKDB);
    private final RefreshRunner refresher = new RefreshRunner(catalogue);

    private LocalStore(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database at {@code db}, or an in-memory one when null. */
    static LocalStore open(Path db) throws SQLException {
        if (db != null && db.getParent() != null) {
            try {
                Files.createDirectories(db.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory of " + db, e);
            }
        }
        String url = db == null ? "jdbc:duckdb:" : "jdbc:duckdb:" + db.toAbsolutePath();
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url);
        LocalStore store = new LocalStore(c);
        store.createSchema();
        return store;
    }

    Connection connection() {
        return connection;
    }

    /**
     * DuckDB settings of every local session. DuckDB checkpoints (writes the WAL into the database
     * file) whenever the WAL passes checkpoint_threshold (16 MB by default); with the pipe's 5 MiB
     * objects that is every few loads, and each of those checkpoints costs more as twt_raw grows:
     * a 1M-post run spent over a third of its time checkpointing. With the threshold above what a
     * round writes, DuckDB checkpoints where {@link #refresh()} asks (once a round) and at close.
     * memory_limit bounds DuckDB's buffer (beyond it DuckDB spills to a temporary directory beside
     * the database) so that a 1M-post run stays under 1 GB; DuckDB's own default is 80% of RAM.
     * 384 MB was enough until the refresh filled twt_tweet_entity: its insert over a million posts'
     * entities (about 2.6 million rows) could not get the memory it needs to spill at that limit.
     */
    static final List<String> SESSION_SETTINGS = List.of(
            "SET TimeZone = 'UTC'",
            "SET checkpoint_threshold = '4GB'",
            "SET memory_limit = '512MB'");

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String setting : SESSION_SETTINGS) {
                s.execute(setting);
            }
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(connection, Map.of());
    }

    boolean isLoaded(String fileName) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + SqlCatalogue.LOAD_HISTORY + " WHERE file_name = ?")) {
            ps.setString(1, fileName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Loads one validated gzip NDJSON object into twt_raw, with its history row, in one
     * transaction; returns the rows loaded, or -1 when the file was loaded before.
     */
    long load(String fileName, Path object) throws SQLException, IOException {
        try (InputStream in = new GzipMembersInputStream(Files.newInputStream(object))) {
            return load(fileName, in);
        }
    }

    /** Loads NDJSON lines from {@code in} as the file {@code fileName} (see {@link #load(String, Path)}). */
    long load(String fileName, InputStream in) throws SQLException, IOException {
        if (isLoaded(fileName)) {
            return -1;
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long[] seq = {maxLoadSeq()};
            long rows;
            try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, SqlCatalogue.RAW)) {
                rows = new LineReader(Integer.MAX_VALUE - 16).read(in, (lineNumber, buf, len, truncated) -> {
                    try {
                        appender.beginRow()
                                .append(new String(buf, 0, len, StandardCharsets.UTF_8))
                                .append(fileName)
                                .append(lineNumber)
                                .append(now)
                                .append(++seq[0])
                                .endRow();
                    } catch (SQLException e) {
                        throw new IOException("cannot load line " + lineNumber + " of " + fileName + ": " + e.getMessage(), e);
                    }
                });
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + SqlCatalogue.LOAD_HISTORY + " VALUES (?, ?, ?)")) {
                ps.setString(1, fileName);
                ps.setLong(2, rows);
                ps.setObject(3, now);
                ps.executeUpdate();
            }
            connection.commit();
            return rows;
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private long maxLoadSeq() throws SQLException {
        return queryLong("SELECT COALESCE(MAX(load_seq), 0) FROM " + SqlCatalogue.RAW);
    }

    /**
     * Checkpoints what the loads wrote, then refreshes. Loaded rows that are not checkpointed stay
     * in DuckDB's memory (see {@link #SESSION_SETTINGS}); written to the file first, the refresh
     * reads them from there and has the memory limit to itself instead of spilling. The refresh
     * runs without preserve_insertion_order: nothing in it depends on the order rows are stored
     * in (each ranking has its ORDER BY), and DuckDB then inserts in parallel and with less
     * memory (a 1M-post refresh about 15% faster). It is set back after, for the export's COPY of
     * an ordered query.
     */
    RefreshResult refresh() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
            s.execute("SET preserve_insertion_order = false");
            try {
                return refresher.run(connection);
            } finally {
                s.execute("RESET preserve_insertion_order");
            }
        }
    }

    long count(String table) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM " + table);
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of a query as strings, for summaries and tests. */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /**
     * How DuckDB writes the exported CSV: RFC 4180 (a header row, CRLF, UTF-8, a field quoted when
     * it holds a comma, quote or line break, quotes doubled; an empty string is {@code ""}, NULL is
     * nothing) and timestamps to the millisecond, as the tables hold them (DuckDB's calendar is
     * proleptic Gregorian, so dates before 1582 are not shifted).
     */
    static final String CSV_OPTIONS = "FORMAT CSV, HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\r\\n',"
            + " TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%g'";

    /** Writes twt_user.csv and twt_tweet.csv (see {@link #CSV_OPTIONS}) with DuckDB's COPY. */
    void exportCsv(Path dir) throws SQLException, IOException {
        Files.createDirectories(dir);
        exportTable("SELECT * FROM " + SqlCatalogue.USER + " ORDER BY screen_name", dir.resolve(SqlCatalogue.USER + ".csv"));
        exportTable("SELECT * FROM " + SqlCatalogue.TWEET + " ORDER BY id", dir.resolve(SqlCatalogue.TWEET + ".csv"));
    }

    private void exportTable(String sql, Path file) throws SQLException {
        String target = file.toAbsolutePath().toString().replace("'", "''");
        try (Statement s = connection.createStatement()) {
            s.execute("COPY (" + sql + ") TO '" + target + "' (" + CSV_OPTIONS + ")");
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
