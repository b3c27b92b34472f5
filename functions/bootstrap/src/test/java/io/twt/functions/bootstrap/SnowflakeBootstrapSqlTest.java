package io.twt.functions.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Snowflake's statements: the drop list follows the migrations and the stack's objects; the reconciled values follow the properties. */
class SnowflakeBootstrapSqlTest {

    private static final Pattern CREATE = Pattern.compile(
            "CREATE\\s+(?:OR\\s+REPLACE\\s+)?(STORAGE\\s+INTEGRATION|FILE\\s+FORMAT|TABLE|STAGE|PIPE|STREAM|VIEW|TASK|SEQUENCE|FUNCTION|PROCEDURE)"
                    + "\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)", Pattern.CASE_INSENSITIVE);

    private final SnowflakeBootstrapSql sql = new SnowflakeBootstrapSql();
    private final BootstrapProperties properties = new BootstrapProperties(
            "twt-data-123456789012", "arn:aws:iam::123456789012:role/twt-snowflake-s3", "TWT_S3_INTEGRATION", false, RefreshCompute.SERVERLESS, null);

    @Test
    void dropDataDropsEveryObjectTheMigrationsAndTheReconciliationCreatePlusTheHistory() {
        List<String> drops = sql.dropAll(properties.quotedIntegration());
        List<String> created = new ArrayList<>(migrationStatements());
        created.addAll(stackStatements());
        List<String> expected = new ArrayList<>();
        for (String statement : created) {
            Matcher m = CREATE.matcher(statement);
            if (m.lookingAt()) {
                String kind = m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                expected.add("DROP " + kind + " IF EXISTS " + m.group(2));
            } else {
                assertThat(statement).as("a migration statement that creates nothing").doesNotContainIgnoringCase("CREATE");
            }
        }
        expected.add("DROP TABLE IF EXISTS " + MigrationRunner.HISTORY);

        assertThat(expected).hasSizeGreaterThanOrEqualTo(9);
        assertThat(drops).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theLoadingObjectsAreDroppedBeforeWhatTheyReadAndTheIntegrationLast() {
        List<String> drops = sql.dropAll(properties.quotedIntegration());

        assertThat(drops.subList(0, 2)).containsExactly("DROP TASK IF EXISTS twt_refresh_task", "DROP PIPE IF EXISTS twt_raw_pipe");
        assertThat(drops.indexOf("DROP STREAM IF EXISTS twt_raw_stream")).isLessThan(drops.indexOf("DROP TABLE IF EXISTS twt_raw"));
        assertThat(drops.indexOf("DROP STAGE IF EXISTS twt_validated_stage"))
                .isLessThan(drops.indexOf("DROP STORAGE INTEGRATION IF EXISTS \"TWT_S3_INTEGRATION\""));
        assertThat(drops.get(drops.size() - 1)).isEqualTo("DROP STORAGE INTEGRATION IF EXISTS \"TWT_S3_INTEGRATION\"");
    }

    @Test
    void theIntegrationAndStageAreCreatedAndAlteredWhereThePropertiesSay() {
        String location = properties.stageLocation();
        String role = properties.storageRoleArn();

        assertThat(sql.createIntegration(properties.quotedIntegration(), role, location))
                .startsWith("CREATE STORAGE INTEGRATION IF NOT EXISTS \"TWT_S3_INTEGRATION\" TYPE = EXTERNAL_STAGE")
                .contains("STORAGE_AWS_ROLE_ARN = '" + role + "'")
                .contains("STORAGE_ALLOWED_LOCATIONS = ('" + location + "')")
                .doesNotContain("REPLACE");
        assertThat(sql.alterIntegration(properties.quotedIntegration(), role, location))
                .contains("STORAGE_AWS_ROLE_ARN = '" + role + "'")
                .contains("STORAGE_ALLOWED_LOCATIONS = ('" + location + "')");
        assertThat(sql.createStage(location, properties.quotedIntegration()))
                .startsWith("CREATE STAGE IF NOT EXISTS " + SnowflakeBootstrapSql.STAGE)
                .contains("URL = '" + location + "' STORAGE_INTEGRATION = \"TWT_S3_INTEGRATION\"")
                .contains("FORMAT_NAME = 'twt_ndjson'")
                .contains("COMMENT = '" + BootstrapSql.STAGE_IN_USE + "'");
        assertThat(sql.alterStage(location, properties.quotedIntegration()))
                .isEqualTo("ALTER STAGE twt_validated_stage SET URL = '" + location
                        + "' STORAGE_INTEGRATION = \"TWT_S3_INTEGRATION\" COMMENT = '" + BootstrapSql.STAGE_IN_USE + "'");
        assertThat(sql.releaseStage()).isEqualTo("ALTER STAGE IF EXISTS twt_validated_stage SET COMMENT = '"
                + BootstrapSql.STAGE_RELEASED + "'");
        assertThat(sql.showStage()).isEqualTo("SHOW STAGES LIKE 'TWT_VALIDATED_STAGE' IN SCHEMA");
    }

    @Test
    void thePipeLoadsTheStageIntoTheRawTableAndIsReplacedOnlyWhenAsked() {
        String kept = sql.createPipe(false);
        String replaced = sql.createPipe(true);

        assertThat(kept).startsWith("CREATE PIPE IF NOT EXISTS " + SnowflakeBootstrapSql.PIPE + " AUTO_INGEST = TRUE")
                .contains("COPY INTO twt_raw (raw, file_name, file_row_number, load_time)")
                .contains("FROM @" + SnowflakeBootstrapSql.STAGE + ")")
                .endsWith("FILE_FORMAT = (FORMAT_NAME = 'twt_ndjson') ON_ERROR = CONTINUE");
        assertThat(replaced).isEqualTo(kept.replace("CREATE PIPE IF NOT EXISTS", "CREATE OR REPLACE PIPE"));
        assertThat(sql.showPipe()).isEqualTo("SHOW PIPES LIKE 'TWT_RAW_PIPE' IN SCHEMA");
        assertThat(sql.pausePipe()).contains("IF EXISTS " + SnowflakeBootstrapSql.PIPE).endsWith("PIPE_EXECUTION_PAUSED = TRUE");
        assertThat(sql.resumePipe()).endsWith("PIPE_EXECUTION_PAUSED = FALSE");
    }

    @Test
    void theRefreshTaskIsServerlessPinnedToXsmallUnscheduledAndNamesItsErrorIntegrationOnlyWhenGiven() {
        String body = new SqlCatalogue(Dialect.SNOWFLAKE).script().taskBlock();

        String task = sql.createTask(body, "\"TWT_TASK_ERRORS\"", "the comment");

        assertThat(task).startsWith("CREATE OR REPLACE TASK twt_refresh_task\n")
                .contains("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = 'XSMALL'")
                .contains("SERVERLESS_TASK_MIN_STATEMENT_SIZE = 'XSMALL'")
                .contains("SERVERLESS_TASK_MAX_STATEMENT_SIZE = 'XSMALL'")
                .contains("USER_TASK_TIMEOUT_MS = 600000")
                .contains("ERROR_INTEGRATION = \"TWT_TASK_ERRORS\"")
                .contains("COMMENT = 'the comment'")
                .endsWith("\nAS\n" + body);
        String options = task.substring(0, task.indexOf("\nAS\n"));
        assertThat(options).doesNotContain("WAREHOUSE =").doesNotContain("SCHEDULE").doesNotContain("AUTOCOMMIT");
        assertThat(sql.createTask(body, null, "c")).doesNotContain("ERROR_INTEGRATION");
        assertThat(sql.showTask()).isEqualTo("SHOW TASKS LIKE 'TWT_REFRESH_TASK' IN SCHEMA");
        assertThat(sql.dropTask()).isEqualTo("DROP TASK IF EXISTS twt_refresh_task");
    }

    @Test
    void theStagesCommentsAreStringLiteralsWithoutQuotes() {
        assertThat(BootstrapSql.STAGE_IN_USE + BootstrapSql.STAGE_RELEASED).doesNotContain("'").doesNotContain("\\");
        assertThat(BootstrapSql.STAGE_IN_USE).isNotEqualTo(BootstrapSql.STAGE_RELEASED);
    }

    private List<String> stackStatements() {
        return List.of(
                sql.createIntegration(properties.quotedIntegration(), properties.storageRoleArn(), properties.stageLocation()),
                sql.createStage(properties.stageLocation(), properties.quotedIntegration()),
                sql.createPipe(false),
                sql.createTask("BEGIN\nCOMMIT;\nEND", null, "c"));
    }

    private List<String> migrationStatements() {
        List<String> statements = new ArrayList<>();
        for (Migration m : sql.migrations()) {
            statements.addAll(SqlScript.statements(SqlScript.fill(m.script(), Map.of())));
        }
        return statements;
    }
}
