package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Versioned migrations on DuckDB, through the code path Bootstrap runs on Snowflake. */
class MigrationRunnerTest {

    private Connection db;

    @BeforeEach
    void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void theBundledDuckDbMigrationsCreateTheLocalSchemaOnceAndARerunAppliesNothing() throws SQLException {
        List<Migration> migrations = Migrations.load(Dialect.DUCKDB);
        MigrationRunner runner = new MigrationRunner(Dialect.DUCKDB, migrations);

        MigrationRunner.Result first = runner.migrate(db, Map.of());
        assertThat(first.applied()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(first.schemaVersion()).isEqualTo(7);
        assertThat(tables()).contains("twt_raw", "twt_load_history", "twt_stream_offset", "twt_user", "twt_tweet",
                "twt_raw_rejected", "twt_tweet_entity", "twt_compliance_log",
                "twt_cashtag_hourly", "twt_cashtag_daily", "twt_author", "twt_cashtag_verified_share", MigrationRunner.HISTORY);
        assertThat(count("SELECT count(*) FROM twt_stream_offset")).isEqualTo(1);

        MigrationRunner.Result second = runner.migrate(db, Map.of());
        assertThat(second.applied()).isEmpty();
        assertThat(second.schemaVersion()).isEqualTo(7);
        assertThat(second.statements()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM twt_stream_offset")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + MigrationRunner.HISTORY)).isEqualTo(7);
    }

    @Test
    void anUpgradeAppliesOnlyTheNewMigrationAndKeepsTheRows() throws SQLException {
        Migration v1 = new Migration(1, "table", "CREATE TABLE IF NOT EXISTS t (x INT);");
        new MigrationRunner(Dialect.DUCKDB, List.of(v1)).migrate(db, Map.of());
        exec("INSERT INTO t VALUES (7)");

        Migration v2 = new Migration(2, "column", "ALTER TABLE t ADD COLUMN IF NOT EXISTS y INT;");
        MigrationRunner.Result upgrade = new MigrationRunner(Dialect.DUCKDB, List.of(v1, v2)).migrate(db, Map.of());

        assertThat(upgrade.applied()).containsExactly(2);
        assertThat(count("SELECT x FROM t WHERE y IS NULL")).isEqualTo(7);
    }

    @Test
    void placeholdersAreFilledBeforeTheStatementsRun() throws SQLException {
        Migration v1 = new Migration(1, "named", "CREATE TABLE IF NOT EXISTS ${table} (x INT);\nINSERT INTO ${table} VALUES (${value});");
        new MigrationRunner(Dialect.DUCKDB, List.of(v1)).migrate(db, Map.of("table", "\"T1\"", "value", "42"));
        assertThat(count("SELECT x FROM \"T1\"")).isEqualTo(42);
    }

    @Test
    void aMigrationThatFailsHalfwayIsNotRecordedAndRunsWholeNextTime() throws SQLException {
        Migration broken = new Migration(1, "two_tables",
                "CREATE TABLE IF NOT EXISTS a (x INT);\nCREATE TABLE IF NOT EXISTS b (x NOT_A_TYPE);");
        assertThatThrownBy(() -> new MigrationRunner(Dialect.DUCKDB, List.of(broken)).migrate(db, Map.of()))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("migration V1 (two_tables) failed: ");
        assertThat(count("SELECT count(*) FROM " + MigrationRunner.HISTORY)).isZero();
        assertThat(tables()).contains("a").doesNotContain("b");

        Migration fixed = new Migration(1, "two_tables",
                "CREATE TABLE IF NOT EXISTS a (x INT);\nCREATE TABLE IF NOT EXISTS b (x INT);");
        assertThat(new MigrationRunner(Dialect.DUCKDB, List.of(fixed)).migrate(db, Map.of()).applied()).containsExactly(1);
        assertThat(tables()).contains("a", "b");
    }

    @Test
    void anAppliedMigrationThatWasEditedStopsTheRunWithItsVersion() throws SQLException {
        new MigrationRunner(Dialect.DUCKDB, List.of(new Migration(1, "t", "CREATE TABLE IF NOT EXISTS t (x INT);")))
                .migrate(db, Map.of());
        Migration edited = new Migration(1, "t", "CREATE TABLE IF NOT EXISTS t (x BIGINT);");
        Migration next = new Migration(2, "u", "CREATE TABLE IF NOT EXISTS u (x INT);");
        assertThatThrownBy(() -> new MigrationRunner(Dialect.DUCKDB, List.of(edited, next)).migrate(db, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("migration V1 (t) was changed after it was applied");
        assertThat(tables()).doesNotContain("u");
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() throws SQLException {
        Migration v1 = new Migration(1, "t", "CREATE TABLE IF NOT EXISTS t (x INT);");
        Migration v2 = new Migration(2, "u", "CREATE TABLE IF NOT EXISTS u (x INT);");
        new MigrationRunner(Dialect.DUCKDB, List.of(v1, v2)).migrate(db, Map.of());
        assertThatThrownBy(() -> new MigrationRunner(Dialect.DUCKDB, List.of(v1)).migrate(db, Map.of()))
                .hasMessage("the schema is at migration 2 but this code knows migrations up to 1: deploy the newer twt");
    }

    @Test
    void fileNamesGiveVersionAndDescription() {
        Migration m = Migration.fromFile("V012__add_things.sql", "SELECT 1;");
        assertThat(m.version()).isEqualTo(12);
        assertThat(m.description()).isEqualTo("add_things");
        assertThat(m.checksum()).hasSize(64).isNotEqualTo(new Migration(12, "add_things", "SELECT 2;").checksum());
        assertThatThrownBy(() -> Migration.fromFile("V1_missing.sql", "")).hasMessageContaining("V1_missing.sql");
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private long count(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
