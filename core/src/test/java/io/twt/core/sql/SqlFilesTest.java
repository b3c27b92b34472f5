package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.EntityField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SQL files under sql/ agree with each other and with the refresh that local mode and the tests run. */
class SqlFilesTest {

    private static final Path SNOWFLAKE = Path.of("..", "sql", "snowflake");
    private static final Path DUCKDB = Path.of("..", "sql", "duckdb");

    @Test
    void theRejectedRowsGoToColumnsBothEnginesMigrate() throws IOException {
        String reject = new SqlCatalogue(Dialect.SNOWFLAKE).script().sql(RefreshScript.REJECT_ROWS);
        Matcher insert = Pattern.compile("INSERT INTO twt_raw_rejected \\(([^)]*)\\)").matcher(reject);
        assertThat(insert.find()).isTrue();
        List<String> written = List.of(insert.group(1).split(", "));
        for (Dialect d : Dialect.values()) {
            assertThat(MigratedTables.columnNames(MigratedTables.columnTypes(d), SqlCatalogue.REJECTED)).as(d.name())
                    .containsExactlyInAnyOrderElementsOf(written);
        }
        assertThat(written).hasSize(7);
        assertThat(tables(migrations()).get("twt_load_error")).contains("file_name STRING NOT NULL",
                "last_load_time TIMESTAMP_LTZ NOT NULL", "error_count NUMBER NOT NULL", "first_error_message STRING");
    }

    @Test
    void eachIndexListsExactlyItsFolderInOrderAndLoadsFromTheClasspath() throws IOException {
        for (Dialect d : Dialect.values()) {
            Path folder = d == Dialect.SNOWFLAKE ? SNOWFLAKE : DUCKDB;
            List<String> listed = Files.readAllLines(folder.resolve("migrations").resolve("index")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList());
            List<String> files = migrationFiles(folder).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertThat(listed).as(folder + "/migrations/index").isEqualTo(files);
            List<Migration> loaded = Migrations.load(d);
            assertThat(loaded).extracting(Migration::version).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, files.size()).boxed().collect(Collectors.toList()));
            for (Migration m : loaded) {
                assertThat(SqlScript.statements(m.script())).as("V" + m.version()).isNotEmpty()
                        // Idempotent statements only: creations, guarded inserts, added columns, and setting a table's Time Travel retention.
                        .allSatisfy(sql -> assertThat(sql).matches(
                                "(?s)(CREATE|INSERT|ALTER TABLE \\w+ ADD COLUMN IF NOT EXISTS) .*|ALTER TABLE [a-z_]+ SET DATA_RETENTION_TIME_IN_DAYS = [0-9]+"));
            }
        }
    }

    @Test
    void migrationsHoldNoPerStackValues() throws IOException {
        // The bucket, role and integration are the stack's: the bootstrap reconciles the objects
        // that name them on every deploy, so no migration is filled in with them once.
        assertThat(Pattern.compile("\\$\\{").matcher(migrations()).find()).isFalse();
        assertThat(Pattern.compile("\\$\\{").matcher(migrations(DUCKDB)).find()).isFalse();
        assertThat(migrations()).doesNotContainIgnoringCase("STORAGE INTEGRATION").doesNotContainIgnoringCase("CREATE STAGE")
                .doesNotContainIgnoringCase("CREATE PIPE");
    }

    @Test
    void dataBearingObjectsAreNeverReplacedOnlyViewsAre() throws IOException {
        String sql = migrations() + migrations(DUCKDB);
        Matcher replaced = Pattern.compile("CREATE OR REPLACE (\\w+)", Pattern.CASE_INSENSITIVE).matcher(sql);
        int views = 0;
        while (replaced.find()) {
            assertThat(replaced.group(1)).as("only a view, which holds no data, may be replaced").isEqualTo("VIEW");
            views++;
        }
        assertThat(views).as("the analysts' views in both engines").isEqualTo(8);
        for (String object : List.of("TABLE", "STREAM", "PIPE", "STAGE", "STORAGE INTEGRATION", "FILE FORMAT")) {
            Matcher m = Pattern.compile("CREATE " + object + " (\\S+)").matcher(sql);
            while (m.find()) {
                assertThat(m.group(1)).as("CREATE " + object + " without IF NOT EXISTS").isEqualTo("IF");
            }
        }
    }

    @Test
    void theAnalystViewsAreTheSameStatementsInBothEngines() throws IOException {
        List<String> snowflake = SqlScript.statements(Files.readString(SNOWFLAKE.resolve("migrations/V009__analyst_views.sql")));
        List<String> duckdb = SqlScript.statements(Files.readString(DUCKDB.resolve("migrations/V007__analyst_views.sql")));
        assertThat(snowflake).hasSize(4).allSatisfy(sql -> assertThat(sql).startsWith("CREATE OR REPLACE VIEW twt_"));
        assertThat(duckdb).isEqualTo(snowflake);
    }

    @Test
    void migrationsAreNumberedWithoutGaps() throws IOException {
        List<String> names = java.util.stream.Stream.concat(migrationFiles(SNOWFLAKE).stream(), migrationFiles(DUCKDB).stream()).map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertThat(names).isNotEmpty();
        int snowflake = migrationFiles(SNOWFLAKE).size();
        for (int i = 0; i < names.size(); i++) {
            int version = i < snowflake ? i + 1 : i - snowflake + 1;
            assertThat(names.get(i)).startsWith(String.format("V%03d__", version)).endsWith(".sql");
        }
    }

    @Test
    void bothDialectsShareEverythingButExtractionTypesTheStreamTheMergeReportAndTheAfterMergeStatement() {
        RefreshScript snowflake = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        RefreshScript duckdb = new SqlCatalogue(Dialect.DUCKDB).script();
        assertThat(duckdb.steps()).extracting(RefreshScript.Step::name).containsExactlyElementsOf(
                snowflake.steps().stream().map(RefreshScript.Step::name).collect(Collectors.toList()));
        for (String merge : List.of(RefreshScript.MERGE_USERS, RefreshScript.MERGE_TWEETS)) {
            assertThat(normalise(duckdb.sql(merge), Dialect.DUCKDB)).isEqualTo(normalise(snowflake.sql(merge), Dialect.SNOWFLAKE));
        }
        assertThat(entityInsert(duckdb, Dialect.DUCKDB)).as("the entity insert differs only in how an array is expanded")
                .isEqualTo(entityInsert(snowflake, Dialect.SNOWFLAKE));
        assertThat(duckdb.sql(RefreshScript.AFTER_MERGES)).as("DuckDB moves its emulated stream offset")
                .isEqualTo(Dialect.DUCKDB.afterMerges()).startsWith("UPDATE twt_stream_offset");
        assertThat(snowflake.sql(RefreshScript.AFTER_MERGES)).as("Snowflake records the pipe's load errors")
                .isEqualTo(Dialect.SNOWFLAKE.afterMerges()).startsWith("INSERT INTO twt_load_error");
    }

    private static String entityInsert(RefreshScript script, Dialect d) {
        String sql = script.sql(RefreshScript.INSERT_ENTITIES).replace(d.entityElement(), "ELEMENT");
        for (EntityField f : EntityField.values()) {
            sql = sql.replace(d.entityElements("p.entity_" + f.key()), "ELEMENTS(" + f.key() + ")");
        }
        return sql;
    }

    private static String normalise(String sql, Dialect d) {
        String withoutReport = sql.endsWith(d.mergeReport()) ? sql.substring(0, sql.length() - d.mergeReport().length()) : sql;
        return withoutReport.replace(d.idNumberType(), "ID_NUMBER");
    }

    private static Map<String, List<String>> tables(String sql) {
        return MigratedTables.tables(sql);
    }

    private static List<Path> migrationFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder.resolve("migrations"))) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
        }
    }

    private static String migrations() throws IOException {
        return MigratedTables.migrations(Dialect.SNOWFLAKE);
    }

    private static String migrations(Path folder) throws IOException {
        return MigratedTables.migrations(folder.equals(SNOWFLAKE) ? Dialect.SNOWFLAKE : Dialect.DUCKDB);
    }
}
