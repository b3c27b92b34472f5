package io.twt.core.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies versioned migrations over plain JDBC and records each in {@value #HISTORY}, so an
 * upgrade applies only what is new and a re-run applies nothing. The same code runs Snowflake's
 * migrations in the Bootstrap function and DuckDB's in local mode and the tests.
 *
 * <p>Migrations are not wrapped in a transaction: Snowflake commits DDL implicitly. Their
 * statements are idempotent instead ({@code IF NOT EXISTS}), so a migration cut short is re-run
 * whole next time, and its history row is written only after its last statement succeeded.
 */
public final class MigrationRunner {

    public static final String HISTORY = "twt_schema_history";

    private final Dialect dialect;
    private final List<Migration> migrations;

    public MigrationRunner(Dialect dialect, List<Migration> migrations) {
        this.dialect = dialect;
        this.migrations = List.copyOf(migrations);
    }

    /** What one run did: the versions it applied (in order), the schema version after it, statements run. */
    public record Result(List<Integer> applied, int schemaVersion, int statements) {
    }

    /**
     * Brings the schema of {@code connection} up to the last migration.
     *
     * @param placeholders values for the scripts' {@code ${name}} placeholders, already checked by
     *                     the caller for where they land in the SQL
     * @throws IllegalStateException when an applied migration's script has changed since, or the
     *                               database is at a version this code does not know
     */
    public Result migrate(Connection connection, Map<String, String> placeholders) throws SQLException {
        int statements = 0;
        try (Statement s = connection.createStatement()) {
            s.execute(createHistory());
            statements++;
        }
        Map<Integer, String> recorded = recorded(connection);
        statements++;
        int latestKnown = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        for (Map.Entry<Integer, String> r : recorded.entrySet()) {
            if (r.getKey() > latestKnown) {
                throw new IllegalStateException("the schema is at migration " + r.getKey()
                        + " but this code knows migrations up to " + latestKnown + ": deploy the newer twt");
            }
        }
        List<Integer> applied = new ArrayList<>();
        int schemaVersion = 0;
        for (Migration m : migrations) {
            String checksum = m.checksum();
            String previous = recorded.get(m.version());
            if (previous != null) {
                if (!previous.equals(checksum)) {
                    throw new IllegalStateException("migration V" + m.version() + " (" + m.description()
                            + ") was changed after it was applied (recorded checksum " + previous
                            + ", now " + checksum + "): add a new migration instead of editing an applied one");
                }
                schemaVersion = m.version();
                continue;
            }
            try (Statement s = connection.createStatement()) {
                for (String sql : SqlScript.statements(SqlScript.fill(m.script(), placeholders))) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("migration V" + m.version() + " (" + m.description() + ") failed: "
                                + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                    }
                    statements++;
                }
            }
            record(connection, m, checksum);
            statements++;
            applied.add(m.version());
            schemaVersion = m.version();
        }
        return new Result(List.copyOf(applied), schemaVersion, statements);
    }

    private String createHistory() {
        return "CREATE TABLE IF NOT EXISTS " + HISTORY + " (\n"
                + "    version " + dialect.numberType() + " NOT NULL PRIMARY KEY,\n"
                + "    description " + dialect.stringType() + " NOT NULL,\n"
                + "    checksum " + dialect.stringType() + " NOT NULL,\n"
                + "    applied_at " + dialect.timestampType() + " NOT NULL\n)";
    }

    private static Map<Integer, String> recorded(Connection connection) throws SQLException {
        Map<Integer, String> recorded = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY)) {
            while (rs.next()) {
                recorded.put(rs.getInt(1), rs.getString(2));
            }
        }
        return recorded;
    }

    private static void record(Connection connection, Migration m, String checksum) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + HISTORY + " (version, description, checksum, applied_at) "
                        + "VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, checksum);
            ps.executeUpdate();
        }
    }
}
