package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SQL files under sql/ agree with the catalogue that local mode and the tests run. */
class SqlFilesTest {

    private static final Path SNOWFLAKE = Path.of("..", "sql", "snowflake");
    private static final Path DUCKDB = Path.of("..", "sql", "duckdb");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE TABLE IF NOT EXISTS (\\w+) \\((.*?)\\n\\);?", Pattern.DOTALL);

    @Test
    void refreshSqlIsTheGeneratedSnowflakeScript() throws IOException {
        assertThat(Files.readString(SNOWFLAKE.resolve("refresh.sql")))
                .as("sql/snowflake/refresh.sql is stale: regenerate it with `twt sql --dialect snowflake`")
                .isEqualTo(new SqlCatalogue(Dialect.SNOWFLAKE).refreshScript());
    }

    @Test
    void theMigratedTargetTablesHaveTheCatalogueColumns() throws IOException {
        Map<String, List<String>> migrated = tables(migrations());
        Map<String, List<String>> catalogue = tables(String.join(";\n", new SqlCatalogue(Dialect.SNOWFLAKE).targetTables()) + ";");
        assertThat(migrated).containsAllEntriesOf(catalogue);
        assertThat(migrated.get("twt_user")).startsWith(
                "screen_name STRING NOT NULL PRIMARY KEY", "username STRING NOT NULL", "user_favourites_count NUMBER NOT NULL");

        Map<String, List<String>> local = tables(migrations(DUCKDB));
        assertThat(local).containsAllEntriesOf(tables(String.join(";\n", new SqlCatalogue(Dialect.DUCKDB).targetTables()) + ";"));
        assertThat(local.get("twt_tweet")).hasSameSizeAs(migrated.get("twt_tweet"));
    }

    @Test
    void theMigratedRejectedTableHasTheCatalogueColumnsInBothEngines() throws IOException {
        assertThat(tables(migrations())).containsAllEntriesOf(tables(new SqlCatalogue(Dialect.SNOWFLAKE).rejectedTable() + ";"));
        assertThat(tables(migrations(DUCKDB))).containsAllEntriesOf(tables(new SqlCatalogue(Dialect.DUCKDB).rejectedTable() + ";"));
        assertThat(tables(migrations()).get("twt_raw_rejected")).hasSize(7);
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
                        .allSatisfy(sql -> assertThat(sql).matches("(?s)(CREATE|INSERT) .*"));
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
    void dataBearingObjectsAreNeverReplaced() throws IOException {
        String sql = migrations() + migrations(DUCKDB);
        assertThat(sql).doesNotContainIgnoringCase("CREATE OR REPLACE");
        for (String object : List.of("TABLE", "STREAM", "PIPE", "STAGE", "STORAGE INTEGRATION", "FILE FORMAT")) {
            Matcher m = Pattern.compile("CREATE " + object + " (\\S+)").matcher(sql);
            while (m.find()) {
                assertThat(m.group(1)).as("CREATE " + object + " without IF NOT EXISTS").isEqualTo("IF");
            }
        }
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
    void bothDialectsShareEverythingButExtractionTypesTheStreamAndTheLoadErrorReport() {
        SqlCatalogue snowflake = new SqlCatalogue(Dialect.SNOWFLAKE);
        SqlCatalogue duckdb = new SqlCatalogue(Dialect.DUCKDB);
        assertThat(normalise(snowflake.mergeTweets(), Dialect.SNOWFLAKE)).isEqualTo(normalise(duckdb.mergeTweets(), Dialect.DUCKDB));
        assertThat(normalise(snowflake.mergeUsers(), Dialect.SNOWFLAKE)).isEqualTo(normalise(duckdb.mergeUsers(), Dialect.DUCKDB));
        assertThat(duckdb.transaction()).as("DuckDB moves its emulated stream offset").endsWith(duckdb.advanceOffset());
        assertThat(snowflake.transaction()).as("Snowflake records the pipe's load errors")
                .endsWith(snowflake.recordLoadErrors()).doesNotContain(duckdb.advanceOffset());
    }

    private static String normalise(String sql, Dialect d) {
        return sql.replace(d.idNumberType(), "ID_NUMBER");
    }

    private static Map<String, List<String>> tables(String sql) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        Matcher m = CREATE_TABLE.matcher(sql);
        while (m.find()) {
            List<String> cols = new ArrayList<>();
            for (String line : m.group(2).split("\\n")) {
                String col = line.trim().replaceAll(",$", "");
                if (!col.isEmpty() && !col.startsWith("--")) {
                    cols.add(col);
                }
            }
            tables.put(m.group(1), cols);
        }
        return tables;
    }

    private static List<Path> migrationFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder.resolve("migrations"))) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
        }
    }

    private static String migrations() throws IOException {
        return migrations(SNOWFLAKE);
    }

    private static String migrations(Path folder) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : migrationFiles(folder)) {
            sb.append(Files.readString(p)).append('\n');
        }
        return sb.toString();
    }
}
