package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.RecordField;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@link RecordField} has its columns in the analytics tables of both engines' migrations,
 * according to its roles: a field added without a migration fails the build.
 */
class FieldColumnsTest {

    /** A column the refresh writes: table, name, and the type the batch column it comes from has. */
    record Column(String table, String name, String type) {
        @Override public String toString() {
            return table + "." + name + " " + type;
        }
    }

    @Test
    void everyFieldHasItsColumnsInBothEnginesMigrations() throws IOException {
        for (Dialect d : Dialect.values()) {
            assertThat(missing(columnsOf(d, List.of(RecordField.values())), MigratedTables.columnTypes(d)))
                    .as(MigratedTables.folder(d) + "/migrations").isEmpty();
        }
    }

    @Test
    void aFieldWithoutItsMigrationFailsTheCheck() throws IOException {
        for (Dialect d : Dialect.values()) {
            List<Column> withNewField = new ArrayList<>(columnsOf(d, List.of(RecordField.values())));
            withNewField.add(new Column(SqlCatalogue.USER, "user_location", d.stringType()));
            withNewField.add(new Column(SqlCatalogue.TWEET, "text", d.numberType()));

            assertThat(missing(withNewField, MigratedTables.columnTypes(d))).extracting(Column::toString).containsExactly(
                    "twt_user.user_location " + d.stringType(), "twt_tweet.text " + d.numberType());
        }
    }

    @Test
    void theRenamedColumnsAreTheOnesTheMigrationsName() {
        assertThat(SqlCatalogue.tweetColumn(RecordField.SCREENNAME)).isEqualTo("user_screen_name");
        assertThat(SqlCatalogue.userColumn(RecordField.SCREENNAME)).as("the key, not a profile column").isNull();
        assertThat(SqlCatalogue.userColumn(RecordField.ID)).isEqualTo("last_tweet_id");
        assertThat(SqlCatalogue.userColumn(RecordField.CREATED_AT)).isEqualTo("last_updated");
        assertThat(SqlCatalogue.tweetColumn(RecordField.USERNAME)).isNull();
        assertThat(SqlCatalogue.userColumn(RecordField.TWEET_QUOTE_COUNT)).isNull();
    }

    @Test
    void bothEnginesMigrateTheSameColumnsInTheSameOrder() throws IOException {
        Map<String, Map<String, String>> snowflake = MigratedTables.columnTypes(Dialect.SNOWFLAKE);
        Map<String, Map<String, String>> duckdb = MigratedTables.columnTypes(Dialect.DUCKDB);
        for (String table : List.of(SqlCatalogue.USER, SqlCatalogue.TWEET, SqlCatalogue.REJECTED)) {
            assertThat(MigratedTables.columnNames(duckdb, table)).as(table).isNotEmpty()
                    .isEqualTo(MigratedTables.columnNames(snowflake, table));
        }
        // ReferenceTables and the exports read twt_user in this order.
        assertThat(MigratedTables.columnNames(snowflake, SqlCatalogue.USER)).startsWith("screen_name", "username", "user_favourites_count");
        assertThat(MigratedTables.tables(Dialect.SNOWFLAKE).get(SqlCatalogue.USER)).startsWith("screen_name STRING NOT NULL PRIMARY KEY");
    }

    /** The columns a field's roles give it, with the type of its batch column. */
    private static List<Column> columnsOf(Dialect d, List<RecordField> fields) {
        SqlCatalogue catalogue = new SqlCatalogue(d);
        List<Column> columns = new ArrayList<>();
        for (RecordField f : fields) {
            if (SqlCatalogue.tweetColumn(f) != null) {
                columns.add(new Column(SqlCatalogue.TWEET, SqlCatalogue.tweetColumn(f), catalogue.type(f)));
            }
            if (SqlCatalogue.userColumn(f) != null) {
                columns.add(new Column(SqlCatalogue.USER, SqlCatalogue.userColumn(f), catalogue.type(f)));
            }
        }
        return columns;
    }

    /** The columns the migrations do not create with that type. */
    private static List<Column> missing(List<Column> expected, Map<String, Map<String, String>> migrated) {
        List<Column> missing = new ArrayList<>();
        for (Column c : expected) {
            if (!c.type().equals(migrated.getOrDefault(c.table(), Map.of()).get(c.name()))) {
                missing.add(c);
            }
        }
        return missing;
    }
}
