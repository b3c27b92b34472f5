package io.twt.functions.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.sql.Migration;
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

/** The service's one code path on DuckDB: migrations, reconciliation, DESC parsing, both Deletes. */
class BootstrapServiceTest {

    static final BootstrapProperties PROPERTIES = new BootstrapProperties(
            "twt-data-123456789012", "arn:aws:iam::123456789012:role/twt-snowflake-s3", "TWT_S3_INTEGRATION", false);
    static final String EXTERNAL_ID = "MYACCOUNT_SFCRole=2_a1b2c3d4e5f6g7h8i9j0=";

    private Connection connection;
    private BootstrapService service;

    @BeforeEach
    void openDatabase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        service = new BootstrapService(() -> connection, new DuckDbBootstrapSql());
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        connection.close();
    }

    @Test
    void createAppliesEveryMigrationAndReadsTheIntegrationAndPipe() throws SQLException {
        BootstrapService.Applied applied = service.apply(PROPERTIES);

        assertThat(applied.applied()).containsExactly(1, 2, 3);
        assertThat(applied.schemaVersion()).isEqualTo(3);
        assertThat(applied.reconciled()).as("the migration created them as the properties say").isEmpty();
        assertThat(applied.storageAwsIamUserArn()).isEqualTo("arn:aws:iam::123456789001:user/abc1-b-self1234");
        assertThat(applied.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
        assertThat(applied.pipeNotificationChannel())
                .isEqualTo("arn:aws:sqs:us-east-1:123456789001:sf-snowpipe-AIDAEXAMPLE-abcdEFGH");
        assertThat(tables()).contains("twt_raw", "twt_user", "twt_tweet", "twt_schema_history");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo(PROPERTIES.storageRoleArn());
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS")).isEqualTo("s3://twt-data-123456789012/validated/");
    }

    @Test
    void aSecondRunWithTheSameCodeAndPropertiesChangesNothing() throws SQLException {
        service.apply(PROPERTIES);

        BootstrapService.Applied again = service.apply(PROPERTIES);

        assertThat(again.applied()).isEmpty();
        assertThat(again.schemaVersion()).isEqualTo(3);
        assertThat(again.reconciled()).isEmpty();
        assertThat(again.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
    }

    @Test
    void anUpdateAfterANewMigrationAppliesOnlyThatOne() throws SQLException {
        service.apply(PROPERTIES);
        Migration added = Migration.fromFile("V004__tweet_language.sql",
                "ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS lang VARCHAR;");
        BootstrapService newer = new BootstrapService(() -> connection, new DuckDbBootstrapSql(List.of(added)));

        BootstrapService.Applied applied = newer.apply(PROPERTIES);

        assertThat(applied.applied()).containsExactly(4);
        assertThat(applied.schemaVersion()).isEqualTo(4);
        assertThat(columns("twt_tweet")).contains("lang");
        assertThat(newer.apply(PROPERTIES).applied()).isEmpty();
    }

    @Test
    void olderCodeRefusesASchemaFromANewerRelease() throws SQLException {
        Migration added = Migration.fromFile("V004__tweet_language.sql",
                "ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS lang VARCHAR;");
        new BootstrapService(() -> connection, new DuckDbBootstrapSql(List.of(added))).apply(PROPERTIES);

        assertThatThrownBy(() -> service.apply(PROPERTIES))
                .hasMessageContaining("the schema is at migration 4 but this code knows migrations up to 3");
    }

    @Test
    void changedPropertiesAlterTheIntegrationAndTheStageButKeepTheExternalId() throws SQLException {
        service.apply(PROPERTIES);
        BootstrapProperties moved = new BootstrapProperties("twt-data-moved", "arn:aws:iam::123456789012:role/other/twt-s3",
                PROPERTIES.integrationName(), false);

        BootstrapService.Applied applied = service.apply(moved);

        assertThat(applied.applied()).isEmpty();
        assertThat(applied.reconciled()).containsExactly("integration", "stage");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo("arn:aws:iam::123456789012:role/other/twt-s3");
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS")).isEqualTo("s3://twt-data-moved/validated/");
        assertThat(stageUrl()).isEqualTo("[\"s3://twt-data-moved/validated/\"]");
        assertThat(applied.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
        assertThat(service.apply(moved).reconciled()).as("now in line").isEmpty();
    }

    @Test
    void aNewRoleAltersOnlyTheIntegration() throws SQLException {
        service.apply(PROPERTIES);
        BootstrapProperties newRole = new BootstrapProperties(PROPERTIES.bucketName(),
                "arn:aws:iam::123456789012:role/twt-snowflake-s3-v2", PROPERTIES.integrationName(), false);

        assertThat(service.apply(newRole).reconciled()).containsExactly("integration");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo(newRole.storageRoleArn());
        assertThat(stageUrl()).isEqualTo("[\"s3://twt-data-123456789012/validated/\"]");
    }

    @Test
    void rowsSurviveAnUpdateAndAKeepDataDeleteWhichPausesThePipeUntilTheNextCreate() throws SQLException {
        service.apply(PROPERTIES);
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");
        execute("INSERT INTO twt_tweet VALUES ('1', TIMESTAMP '2026-03-01 12:00:00', 'alice', 'hi', 1, 0, 0, 2, '42')");

        service.apply(PROPERTIES);
        BootstrapService.Deleted deleted = service.delete(new BootstrapProperties.ForDelete("TWT_S3_INTEGRATION", false));

        assertThat(deleted.droppedData()).isFalse();
        assertThat(deleted.statements()).hasSize(1);
        assertThat(count("twt_raw")).isEqualTo(1);
        assertThat(count("twt_tweet")).isEqualTo(1);
        assertThat(pipePaused()).isTrue();
        assertThat(service.delete(new BootstrapProperties.ForDelete("TWT_S3_INTEGRATION", false)).statements())
                .as("a second Delete").hasSize(1);

        BootstrapService.Applied recreated = service.apply(PROPERTIES);

        assertThat(recreated.applied()).isEmpty();
        assertThat(pipePaused()).isFalse();
        assertThat(count("twt_raw")).isEqualTo(1);
    }

    @Test
    void dropDataOnDeleteRemovesEveryObjectTwiceOverAndACreateStartsAfresh() throws SQLException {
        service.apply(PROPERTIES);
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");
        BootstrapProperties.ForDelete drop = new BootstrapProperties.ForDelete("TWT_S3_INTEGRATION", true);

        BootstrapService.Deleted deleted = service.delete(drop);

        assertThat(deleted.droppedData()).isTrue();
        assertThat(tables()).isEmpty();
        assertThat(service.delete(drop).statements()).isEqualTo(deleted.statements());
        assertThat(tables()).isEmpty();

        BootstrapService.Applied recreated = service.apply(PROPERTIES);
        assertThat(recreated.applied()).containsExactly(1, 2, 3);
        assertThat(count("twt_raw")).isZero();
    }

    @Test
    void aMissingIntegrationIsReportedByName() throws SQLException {
        service.apply(PROPERTIES);
        execute("DELETE FROM twt_standin_integration");

        assertThatThrownBy(() -> service.apply(PROPERTIES))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("STORAGE_AWS_IAM_USER_ARN");
    }

    @Test
    void describeRowsAreReadByColumnNameInAnyCase() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM (VALUES "
                     + "('STAGE_LOCATION', 'url', 'String', '[\"s3://b/validated/\"]', ''), "
                     + "('STAGE_INTEGRATION', 'STORAGE_INTEGRATION', 'String', 'TWT_S3_INTEGRATION', '')) "
                     + "AS d(\"PARENT_PROPERTY\", \"PROPERTY\", \"PROPERTY_TYPE\", \"PROPERTY_VALUE\", \"PROPERTY_DEFAULT\")")) {
            assertThat(BootstrapService.properties(rs)).isEqualTo(Map.of(
                    "URL", "[\"s3://b/validated/\"]", "STORAGE_INTEGRATION", "TWT_S3_INTEGRATION"));
        }
    }

    @Test
    void aResultWithoutTheExpectedColumnNamesTheColumnsItHas() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'URL' AS name, 'x' AS value")) {
            assertThatThrownBy(() -> BootstrapService.properties(rs))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("expected a column property in the result, found [name, value]");
        }
    }

    @Test
    void locationListsInEitherDescFormat() {
        assertThat(BootstrapService.locations("s3://b/validated/")).containsExactly("s3://b/validated/");
        assertThat(BootstrapService.locations("[\"s3://b/validated/\"]")).containsExactly("s3://b/validated/");
        assertThat(BootstrapService.locations("[\"s3://a/x/\", \"s3://b/y/\"]")).containsExactly("s3://a/x/", "s3://b/y/");
        assertThat(BootstrapService.locations("s3://a/x/,s3://b/y/")).containsExactly("s3://a/x/", "s3://b/y/");
        assertThat(BootstrapService.locations("[]")).isEmpty();
        assertThat(BootstrapService.locations(null)).isEmpty();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "'")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private long count(String table) throws SQLException {
        return single("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private String integrationProperty(String property) throws SQLException {
        return single("SELECT property_value FROM twt_standin_integration WHERE property = '" + property + "'", String.class);
    }

    private String stageUrl() throws SQLException {
        return single("SELECT property_value FROM twt_standin_stage WHERE property = 'URL'", String.class);
    }

    private boolean pipePaused() throws SQLException {
        return single("SELECT paused FROM twt_standin_pipe", Boolean.class);
    }

    private <T> T single(String sql, Class<T> type) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getObject(1, type);
        }
    }
}
