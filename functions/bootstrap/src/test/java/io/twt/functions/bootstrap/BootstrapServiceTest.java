package io.twt.functions.bootstrap;

import static io.twt.functions.bootstrap.DuckDbBootstrapSql.LATEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.SqlCatalogue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service's one code path on DuckDB: migrations, reconciliation, region and ownership checks, both Deletes. */
class BootstrapServiceTest {

    static final BootstrapProperties PROPERTIES = new BootstrapProperties(
            "twt-data-123456789012", "arn:aws:iam::123456789012:role/twt-snowflake-s3", "TWT_S3_INTEGRATION", false, RefreshCompute.SERVERLESS, null);
    static final String EXTERNAL_ID = DuckDbBootstrapSql.externalId("TWT_S3_INTEGRATION");
    /** A second stack: its own bucket, role and integration, as the template names them from its stack id. */
    static final BootstrapProperties STACK_B = new BootstrapProperties(
            "twt-data-0b5e8f2a-7c1d-11f1-8a2b-0e1f2a3b4c5d", "arn:aws:iam::123456789012:role/twt-snowflake-0b5e8f2a",
            "TWT_S3_0B5E8F2A_7C1D_11F1_8A2B_0E1F2A3B4C5D", false, RefreshCompute.SERVERLESS, null);
    static final String STAGE_A = "s3://twt-data-123456789012/validated/";
    static final String STAGE_B = "s3://twt-data-0b5e8f2a-7c1d-11f1-8a2b-0e1f2a3b4c5d/validated/";

    private Connection connection;
    private BootstrapService service;

    @BeforeEach
    void openDatabase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        DuckDbBootstrapSql.createCatalog(connection);
        service = new BootstrapService(() -> connection, new DuckDbBootstrapSql(), DuckDbBootstrapSql.STACK_REGION);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        connection.close();
    }

    @Test
    void createAppliesEveryMigrationAndReadsTheIntegrationAndPipe() throws SQLException {
        BootstrapService.Applied applied = service.apply(PROPERTIES);

        assertThat(applied.applied()).containsExactlyElementsOf(IntStream.rangeClosed(1, LATEST).boxed().toList());
        assertThat(applied.schemaVersion()).isEqualTo(LATEST);
        assertThat(applied.reconciled()).as("created as the properties say, nothing altered").containsExactly("stage", "pipe", "task");
        assertThat(applied.storageAwsIamUserArn()).isEqualTo(DuckDbBootstrapSql.iamUser("TWT_S3_INTEGRATION"));
        assertThat(applied.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
        assertThat(applied.pipeNotificationChannel()).isEqualTo(DuckDbBootstrapSql.notificationChannel("us-east-1"));
        assertThat(tables()).contains("twt_raw", "twt_user", "twt_tweet", "twt_schema_history");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo(PROPERTIES.storageRoleArn());
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS")).isEqualTo(STAGE_A);
        assertThat(stage()).containsExactly(STAGE_A, "TWT_S3_INTEGRATION", BootstrapSql.STAGE_IN_USE);
        assertThat(pipeBoundTo()).isEqualTo(STAGE_A);
        assertThat(pipePaused()).isFalse();
    }

    @Test
    void aSecondRunWithTheSameCodeAndPropertiesChangesNothing() throws SQLException {
        service.apply(PROPERTIES);

        BootstrapService.Applied again = service.apply(PROPERTIES);

        assertThat(again.applied()).isEmpty();
        assertThat(again.schemaVersion()).isEqualTo(LATEST);
        assertThat(again.reconciled()).isEmpty();
        assertThat(again.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
    }

    @Test
    void anUpdateAfterANewMigrationAppliesOnlyThatOne() throws SQLException {
        service.apply(PROPERTIES);
        Migration added = new Migration(LATEST + 1, "tweet_language", "ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS lang VARCHAR;");
        BootstrapService newer = new BootstrapService(() -> connection, new DuckDbBootstrapSql(List.of(added)),
                DuckDbBootstrapSql.STACK_REGION);

        BootstrapService.Applied applied = newer.apply(PROPERTIES);

        assertThat(applied.applied()).containsExactly(LATEST + 1);
        assertThat(applied.schemaVersion()).isEqualTo(LATEST + 1);
        assertThat(columns("twt_tweet")).contains("lang");
        assertThat(newer.apply(PROPERTIES).applied()).isEmpty();
    }

    @Test
    void olderCodeRefusesASchemaFromANewerRelease() throws SQLException {
        Migration added = new Migration(LATEST + 1, "tweet_language", "ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS lang VARCHAR;");
        new BootstrapService(() -> connection, new DuckDbBootstrapSql(List.of(added)), DuckDbBootstrapSql.STACK_REGION)
                .apply(PROPERTIES);

        assertThatThrownBy(() -> service.apply(PROPERTIES))
                .hasMessageContaining("the schema is at migration " + (LATEST + 1) + " but this code knows migrations up to " + LATEST);
    }

    @Test
    void aNewBucketAltersTheIntegrationAndTheStageAndRebindsThePipeButKeepsTheExternalId() throws SQLException {
        service.apply(PROPERTIES);
        BootstrapProperties moved = new BootstrapProperties("twt-data-moved", "arn:aws:iam::123456789012:role/other/twt-s3",
                PROPERTIES.integrationName(), false, RefreshCompute.SERVERLESS, null);

        BootstrapService.Applied applied = service.apply(moved);

        assertThat(applied.applied()).isEmpty();
        assertThat(applied.reconciled()).containsExactly("integration", "stage", "pipe");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo("arn:aws:iam::123456789012:role/other/twt-s3");
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS")).isEqualTo("s3://twt-data-moved/validated/");
        assertThat(stage().get(0)).isEqualTo("s3://twt-data-moved/validated/");
        assertThat(pipeBoundTo()).isEqualTo("s3://twt-data-moved/validated/");
        assertThat(applied.storageAwsExternalId()).isEqualTo(EXTERNAL_ID);
        assertThat(service.apply(moved).reconciled()).as("now in line").isEmpty();
    }

    @Test
    void aNewRoleAltersOnlyTheIntegration() throws SQLException {
        service.apply(PROPERTIES);
        BootstrapProperties newRole = new BootstrapProperties(PROPERTIES.bucketName(),
                "arn:aws:iam::123456789012:role/twt-snowflake-s3-v2", PROPERTIES.integrationName(), false, RefreshCompute.SERVERLESS, null);

        assertThat(service.apply(newRole).reconciled()).containsExactly("integration");
        assertThat(integrationProperty("STORAGE_AWS_ROLE_ARN")).isEqualTo(newRole.storageRoleArn());
        assertThat(stage().get(0)).isEqualTo(STAGE_A);
    }

    @Test
    void rowsSurviveAnUpdateAndAKeepDataDeleteWhichPausesThePipeUntilTheNextCreate() throws SQLException {
        service.apply(PROPERTIES);
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");
        execute("INSERT INTO twt_tweet (id, created_at, user_screen_name, text, tweet_favorite_count, tweet_quote_count, "
                + "tweet_reply_count, tweet_retweet_count, user_id) VALUES ('1', TIMESTAMP '2026-03-01 12:00:00', 'alice', 'hi', 1, 0, 0, 2, '42')");

        service.apply(PROPERTIES);
        BootstrapService.Deleted deleted = service.delete(new BootstrapProperties.ForDelete("TWT_S3_INTEGRATION", false));

        assertThat(deleted.droppedData()).isFalse();
        assertThat(deleted.statements()).hasSize(2);
        assertThat(stage().get(2)).isEqualTo(BootstrapSql.STAGE_RELEASED);
        assertThat(count("twt_raw")).isEqualTo(1);
        assertThat(count("twt_tweet")).isEqualTo(1);
        assertThat(pipePaused()).isTrue();
        assertThat(service.delete(new BootstrapProperties.ForDelete("TWT_S3_INTEGRATION", false)).statements())
                .as("a second Delete").hasSize(2);

        BootstrapService.Applied recreated = service.apply(PROPERTIES);

        assertThat(recreated.applied()).isEmpty();
        assertThat(pipePaused()).isFalse();
        assertThat(stage().get(2)).isEqualTo(BootstrapSql.STAGE_IN_USE);
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
        assertThat(count("twt_standin_stage") + count("twt_standin_pipe") + count("twt_standin_integration")).isZero();
        assertThat(service.delete(drop).statements()).isEqualTo(deleted.statements());
        assertThat(tables()).isEmpty();

        BootstrapService.Applied recreated = service.apply(PROPERTIES);
        assertThat(recreated.applied()).containsExactlyElementsOf(IntStream.rangeClosed(1, LATEST).boxed().toList());
        assertThat(count("twt_raw")).isZero();
    }

    @Test
    void anIntegrationWithoutAnIamUserIsReportedByName() throws SQLException {
        service.apply(PROPERTIES);
        execute("DELETE FROM twt_standin_integration WHERE property = 'STORAGE_AWS_IAM_USER_ARN'");

        assertThatThrownBy(() -> service.apply(PROPERTIES))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("STORAGE_AWS_IAM_USER_ARN");
    }

    @Test
    void serverlessModeCreatesTheRefreshTaskWithTheRefreshBlockAsItsBodyAndNoErrorIntegrationUnlessNamed() throws SQLException {
        service.apply(PROPERTIES);

        assertThat(count("twt_standin_task")).isEqualTo(1);
        assertThat(single("SELECT definition FROM twt_standin_task", String.class))
                .isEqualTo(new SqlCatalogue(Dialect.DUCKDB).script().taskBlock());
        assertThat(single("SELECT state FROM twt_standin_task", String.class)).as("never resumed: no schedule runs it").isEqualTo("suspended");
        assertThat(single("SELECT comment FROM twt_standin_task", String.class)).startsWith(BootstrapService.TASK_COMMENT + " sha256:");
        assertThat(single("SELECT error_integration IS NULL FROM twt_standin_task", Boolean.class)).isTrue();
    }

    @Test
    void aRedeployKeepsTheTaskAndANewErrorIntegrationOrAChangedDefinitionReplacesIt() throws SQLException {
        service.apply(PROPERTIES);
        String first = single("SELECT comment FROM twt_standin_task", String.class);
        assertThat(service.apply(PROPERTIES).reconciled()).as("same release, same properties").isEmpty();

        BootstrapProperties notified = new BootstrapProperties(PROPERTIES.bucketName(), PROPERTIES.storageRoleArn(),
                PROPERTIES.integrationName(), false, RefreshCompute.SERVERLESS, "TWT_TASK_ERRORS");
        assertThat(service.apply(notified).reconciled()).containsExactly("task");
        assertThat(single("SELECT error_integration FROM twt_standin_task", String.class)).isEqualTo("TWT_TASK_ERRORS");
        assertThat(single("SELECT comment FROM twt_standin_task", String.class)).isNotEqualTo(first);

        execute("UPDATE twt_standin_task SET definition = 'BEGIN\nSELECT 1;\nEND', comment = 'twt: an older release'");
        assertThat(service.apply(notified).reconciled()).as("an older release's task").containsExactly("task");
        assertThat(single("SELECT definition FROM twt_standin_task", String.class))
                .isEqualTo(new SqlCatalogue(Dialect.DUCKDB).script().taskBlock());
        assertThat(service.apply(notified).reconciled()).as("now in line").isEmpty();
    }

    @Test
    void aTaskLostAfterAFailedDeployIsCreatedByTheRetry() throws SQLException {
        service.apply(PROPERTIES);
        execute("DELETE FROM twt_standin_task");

        assertThat(service.apply(PROPERTIES).reconciled()).containsExactly("task");
        assertThat(count("twt_standin_task")).isEqualTo(1);
    }

    @Test
    void aTaskSnowflakeRefusesFailsTheDeployNamingTheGrantsAndTheWayOut() throws SQLException {
        BootstrapService refused = new BootstrapService(() -> connection, new DuckDbBootstrapSql() {
            @Override
            public String createTask(String body, String quotedErrorIntegration, String comment) {
                return "CREATE TASK twt_refresh_task AS SELECT 1";
            }
        }, DuckDbBootstrapSql.STACK_REGION);
        BootstrapProperties notified = new BootstrapProperties(PROPERTIES.bucketName(), PROPERTIES.storageRoleArn(),
                PROPERTIES.integrationName(), false, RefreshCompute.SERVERLESS, "TWT_TASK_ERRORS");

        assertThatThrownBy(() -> refused.apply(notified))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("cannot create the refresh task twt_refresh_task (RefreshCompute is serverless): ")
                .hasMessageContaining("EXECUTE MANAGED TASK on the account (run sql/admin/setup.sql again")
                .hasMessageContaining("USAGE on the integration \"TWT_TASK_ERRORS\"")
                .hasMessageEndingWith("or deploy with RefreshCompute=warehouse")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void warehouseModeDropsTheTaskAndCreatesNone() throws SQLException {
        BootstrapProperties warehouse = new BootstrapProperties(PROPERTIES.bucketName(), PROPERTIES.storageRoleArn(),
                PROPERTIES.integrationName(), false, RefreshCompute.WAREHOUSE, null);
        service.apply(PROPERTIES);

        assertThat(service.apply(warehouse).reconciled()).containsExactly("task");
        assertThat(count("twt_standin_task")).isZero();
        assertThat(service.apply(warehouse).reconciled()).as("nothing left to drop").isEmpty();
        assertThat(service.apply(PROPERTIES).reconciled()).as("back to serverless").containsExactly("task");
    }

    @Test
    void theTaskFingerprintFollowsEveryCharacterOfTheStatement() {
        assertThat(BootstrapService.fingerprint("CREATE TASK a")).matches("sha256:[0-9a-f]{16}")
                .isEqualTo(BootstrapService.fingerprint("CREATE TASK a"))
                .isNotEqualTo(BootstrapService.fingerprint("CREATE TASK b"));
    }

    @Test
    void aPipeMissingFromAMigratedSchemaIsCreatedOnTheStage() throws SQLException {
        service.apply(PROPERTIES);
        execute("DELETE FROM twt_standin_pipe");

        assertThat(service.apply(PROPERTIES).reconciled()).containsExactly("pipe");
        assertThat(pipeBoundTo()).isEqualTo(STAGE_A);
        assertThat(pipePaused()).isFalse();
    }

    @Test
    void aPipeThatSkipsWholeFilesOnAnErrorIsReplacedByOneThatSkipsOnlyTheBadRows() throws SQLException {
        service.apply(PROPERTIES);
        execute("UPDATE twt_standin_pipe SET definition = 'COPY INTO twt_raw FROM (SELECT $1 FROM @twt_validated_stage)'");

        assertThat(service.apply(PROPERTIES).reconciled()).containsExactly("pipe");
        assertThat(single("SELECT definition FROM twt_standin_pipe", String.class)).endsWith(BootstrapSql.PIPE_ON_ERROR);
        assertThat(pipePaused()).isFalse();
        assertThat(service.apply(PROPERTIES).reconciled()).as("now in line").isEmpty();
    }

    @Test
    void aPipeDefinitionIsCurrentWhenItReadsTheStageAndContinuesOnErrorInAnySpacingOrCase() {
        assertThat(BootstrapService.isCurrent("copy into twt_raw from (select $1 from @TWT_VALIDATED_STAGE) on_error=continue")).isTrue();
        assertThat(BootstrapService.isCurrent("COPY INTO twt_raw FROM (SELECT $1 FROM @twt_validated_stage)\n ON_ERROR =\tCONTINUE")).isTrue();
        assertThat(BootstrapService.isCurrent("COPY INTO twt_raw FROM (SELECT $1 FROM @twt_validated_stage)")).isFalse();
        assertThat(BootstrapService.isCurrent("COPY INTO twt_raw FROM (SELECT $1 FROM @other_stage) ON_ERROR = CONTINUE")).isFalse();
        assertThat(BootstrapService.isCurrent("COPY INTO twt_raw FROM (SELECT $1 FROM @twt_validated_stage) ON_ERROR = SKIP_FILE")).isFalse();
    }

    // --- a second stack on the schema: sequences (a), (b), (c) of issue 10

    @Test
    void aFailedCreateRolledBackLetsTheNextStackTakeTheSchema() throws SQLException {
        BootstrapService resumeFails = new BootstrapService(() -> connection, new DuckDbBootstrapSql() {
            @Override
            public String resumePipe() {
                return "SELECT error('the pipe could not be resumed')";
            }
        }, DuckDbBootstrapSql.STACK_REGION);
        assertThatThrownBy(() -> resumeFails.apply(PROPERTIES)).hasMessageContaining("the pipe could not be resumed");
        assertThat(stage().get(1)).as("the failed Create got as far as the stage").isEqualTo("TWT_S3_INTEGRATION");

        service.delete(new BootstrapProperties.ForDelete(PROPERTIES.integrationName(), false));
        BootstrapService.Applied b = service.apply(STACK_B);

        assertThat(b.applied()).as("the migrations ran in the failed Create").isEmpty();
        assertThat(b.storageAwsIamUserArn()).isEqualTo(DuckDbBootstrapSql.iamUser(STACK_B.integrationName()));
        assertThat(b.storageAwsExternalId()).isEqualTo(DuckDbBootstrapSql.externalId(STACK_B.integrationName()));
        assertThat(stage()).containsExactly(STAGE_B, STACK_B.integrationName(), BootstrapSql.STAGE_IN_USE);
        assertThat(pipeBoundTo()).isEqualTo(STAGE_B);
        assertThat(pipePaused()).isFalse();
    }

    @Test
    void aSecondStackOnASchemaInUseIsRefusedBeforeItChangesAnything() throws SQLException {
        service.apply(PROPERTIES);

        assertThatThrownBy(() -> service.apply(STACK_B))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the stage twt_validated_stage in this schema loads " + STAGE_A
                        + " through the storage integration TWT_S3_INTEGRATION, another stack's")
                .hasMessageContaining("one stack per Snowflake schema");
        // The refused stack's rollback Delete leaves the first stack loading.
        service.delete(new BootstrapProperties.ForDelete(STACK_B.integrationName(), false));

        assertThat(stage()).containsExactly(STAGE_A, "TWT_S3_INTEGRATION", BootstrapSql.STAGE_IN_USE);
        assertThat(pipeBoundTo()).isEqualTo(STAGE_A);
        assertThat(pipePaused()).isFalse();
        assertThat(count("twt_standin_integration WHERE integration = '" + STACK_B.quotedIntegration() + "'"))
                .as("no integration made for the refused stack").isZero();
    }

    @Test
    void aStackDeployedAfterATeardownThatKeptTheDataLoadsFromItsOwnBucketIntoTheKeptTables() throws SQLException {
        service.apply(PROPERTIES);
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");
        execute("INSERT INTO twt_tweet (id, created_at, user_screen_name, text, tweet_favorite_count, tweet_quote_count, "
                + "tweet_reply_count, tweet_retweet_count, user_id) VALUES ('1', TIMESTAMP '2026-03-01 12:00:00', 'alice', 'hi', 1, 0, 0, 2, '42')");
        service.delete(new BootstrapProperties.ForDelete(PROPERTIES.integrationName(), false));

        BootstrapService.Applied b = service.apply(STACK_B);

        assertThat(b.reconciled()).as("the kept task is this release's").containsExactly("stage", "pipe");
        assertThat(b.storageAwsExternalId()).isEqualTo(DuckDbBootstrapSql.externalId(STACK_B.integrationName()));
        assertThat(stage()).containsExactly(STAGE_B, STACK_B.integrationName(), BootstrapSql.STAGE_IN_USE);
        assertThat(pipeBoundTo()).isEqualTo(STAGE_B);
        assertThat(pipePaused()).isFalse();
        assertThat(count("twt_raw")).isEqualTo(1);
        assertThat(count("twt_tweet")).isEqualTo(1);
    }

    @Test
    void aDropDataDeleteOfAStackWhoseStageAnotherStackTookDropsOnlyItsIntegration() throws SQLException {
        service.apply(PROPERTIES);
        service.delete(new BootstrapProperties.ForDelete(PROPERTIES.integrationName(), false));
        service.apply(STACK_B);

        BootstrapService.Deleted deleted = service.delete(new BootstrapProperties.ForDelete(PROPERTIES.integrationName(), true));

        assertThat(deleted.statements()).hasSize(1);
        assertThat(tables()).contains("twt_raw", "twt_tweet");
        assertThat(stage().get(1)).isEqualTo(STACK_B.integrationName());
        assertThat(count("twt_standin_integration WHERE integration = '\"TWT_S3_INTEGRATION\"'")).isZero();
    }

    // --- the stack must be in the Snowflake account's AWS region

    @Test
    void aStackInAnotherRegionThanTheAccountIsRefusedNamingBothBeforeAnythingIsCreated() throws SQLException {
        BootstrapService west = new BootstrapService(() -> connection, new DuckDbBootstrapSql(), "us-west-2");

        assertThatThrownBy(() -> west.apply(PROPERTIES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the stack is in us-west-2 but the Snowflake account is in us-east-1 "
                        + "(CURRENT_REGION() = AWS_US_EAST_1)")
                .hasMessageEndingWith("nothing was created");
        assertThat(tables()).isEmpty();
        assertThat(count("twt_standin_integration") + count("twt_standin_stage")).isZero();
    }

    @Test
    void anAccountOnAnotherCloudIsRefusedNamingTheCloud() throws SQLException {
        BootstrapService azure = new BootstrapService(() -> connection,
                new DuckDbBootstrapSql(List.of(), "AZURE_WESTEUROPE", "us-east-1"), DuckDbBootstrapSql.STACK_REGION);

        assertThatThrownBy(() -> azure.apply(PROPERTIES))
                .hasMessageStartingWith("the Snowflake account is on AZURE (CURRENT_REGION() = AZURE_WESTEUROPE), not AWS");
        assertThat(tables()).isEmpty();
    }

    @Test
    void aRegionWithItsRegionGroupIsTheSameRegion() throws SQLException {
        BootstrapService grouped = new BootstrapService(() -> connection,
                new DuckDbBootstrapSql(List.of(), "PUBLIC.AWS_US_EAST_1", "us-east-1"), DuckDbBootstrapSql.STACK_REGION);

        assertThat(grouped.apply(PROPERTIES).schemaVersion()).isEqualTo(LATEST);
    }

    @Test
    void aNotificationQueueInAnotherRegionThanTheStackIsRefused() {
        BootstrapService queueElsewhere = new BootstrapService(() -> connection,
                new DuckDbBootstrapSql(List.of(), "AWS_US_EAST_1", "eu-west-1"), DuckDbBootstrapSql.STACK_REGION);

        assertThatThrownBy(() -> queueElsewhere.apply(PROPERTIES))
                .hasMessage("the pipe's notification channel " + DuckDbBootstrapSql.notificationChannel("eu-west-1")
                        + " is in eu-west-1 but the stack is in us-east-1: S3 notifies an SQS queue only within "
                        + "the bucket's region; deploy the stack in eu-west-1");
    }

    @ParameterizedTest
    @CsvSource({"AWS_US_WEST_2,us-west-2", "PUBLIC.AWS_EU_CENTRAL_1,eu-central-1", "aws_ap_southeast_2,ap-southeast-2",
            "AWS_US_GOV_WEST_1,us-gov-west-1"})
    void snowflakeRegionsNameTheirAwsRegion(String snowflake, String aws) {
        assertThat(Regions.awsRegion(snowflake)).isEqualTo(aws);
    }

    @ParameterizedTest
    @CsvSource({"GCP_US_CENTRAL1,GCP", "PUBLIC.AZURE_EASTUS2,AZURE"})
    void regionsOfOtherCloudsAreRefused(String snowflake, String cloud) {
        assertThatThrownBy(() -> Regions.awsRegion(snowflake)).hasMessageStartingWith("the Snowflake account is on " + cloud);
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
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = 'main' AND table_name NOT LIKE 'twt_standin_%'")) {
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

    /** url, storage_integration, comment. */
    private List<String> stage() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT url, storage_integration, comment FROM twt_standin_stage")) {
            assertThat(rs.next()).as("the stage exists").isTrue();
            return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }

    private String pipeBoundTo() throws SQLException {
        return single("SELECT bound_url FROM twt_standin_pipe", String.class);
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
