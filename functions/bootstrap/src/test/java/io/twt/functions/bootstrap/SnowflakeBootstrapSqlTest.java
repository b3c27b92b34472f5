package io.twt.functions.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.SqlScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Snowflake's statements against Snowflake's migrations: the drop list and the reconciled values follow them. */
class SnowflakeBootstrapSqlTest {

    private static final Pattern CREATE = Pattern.compile(
            "CREATE\\s+(?:OR\\s+REPLACE\\s+)?(STORAGE\\s+INTEGRATION|FILE\\s+FORMAT|TABLE|STAGE|PIPE|STREAM|VIEW|TASK|SEQUENCE|FUNCTION|PROCEDURE)"
                    + "\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\S+)", Pattern.CASE_INSENSITIVE);

    private final SnowflakeBootstrapSql sql = new SnowflakeBootstrapSql();
    private final BootstrapProperties properties = new BootstrapProperties(
            "twt-data-123456789012", "arn:aws:iam::123456789012:role/twt-snowflake-s3", "TWT_S3_INTEGRATION", false);

    @Test
    void dropDataDropsEveryObjectTheMigrationsCreatePlusTheHistory() {
        List<String> drops = sql.dropAll(properties.quotedIntegration());
        List<String> expected = new ArrayList<>();
        for (String statement : filledStatements()) {
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

        assertThat(drops.get(0)).isEqualTo("DROP PIPE IF EXISTS twt_raw_pipe");
        assertThat(drops.indexOf("DROP STREAM IF EXISTS twt_raw_stream")).isLessThan(drops.indexOf("DROP TABLE IF EXISTS twt_raw"));
        assertThat(drops.indexOf("DROP STAGE IF EXISTS twt_validated_stage"))
                .isLessThan(drops.indexOf("DROP STORAGE INTEGRATION IF EXISTS \"TWT_S3_INTEGRATION\""));
        assertThat(drops.get(drops.size() - 1)).isEqualTo("DROP STORAGE INTEGRATION IF EXISTS \"TWT_S3_INTEGRATION\"");
    }

    @Test
    void theMigrationCreatesTheIntegrationAndStageWhereReconciliationWouldPutThem() {
        String integration = statementCreating("STORAGE INTEGRATION");
        String stage = statementCreating("STAGE");

        assertThat(integration).startsWith("CREATE STORAGE INTEGRATION IF NOT EXISTS \"TWT_S3_INTEGRATION\"")
                .contains("STORAGE_AWS_ROLE_ARN = '" + properties.storageRoleArn() + "'")
                .contains("STORAGE_ALLOWED_LOCATIONS = ('" + properties.stageLocation() + "')");
        assertThat(stage).startsWith("CREATE STAGE IF NOT EXISTS " + SnowflakeBootstrapSql.STAGE)
                .contains("URL = '" + properties.stageLocation() + "'")
                .contains("STORAGE_INTEGRATION = \"TWT_S3_INTEGRATION\"");
        assertThat(sql.alterIntegration(properties.quotedIntegration(), properties.storageRoleArn(), properties.stageLocation()))
                .contains("STORAGE_AWS_ROLE_ARN = '" + properties.storageRoleArn() + "'")
                .contains("STORAGE_ALLOWED_LOCATIONS = ('" + properties.stageLocation() + "')");
        assertThat(sql.alterStageUrl(properties.stageLocation())).contains("URL = '" + properties.stageLocation() + "'");
    }

    @Test
    void thePipeThatIsPausedAndDescribedIsTheOneTheMigrationsCreate() {
        String pipe = statementCreating("PIPE");

        assertThat(pipe).startsWith("CREATE PIPE IF NOT EXISTS " + SnowflakeBootstrapSql.PIPE).contains("AUTO_INGEST = TRUE");
        assertThat(sql.describePipe()).endsWith(" " + SnowflakeBootstrapSql.PIPE);
        assertThat(sql.pausePipe()).contains("IF EXISTS " + SnowflakeBootstrapSql.PIPE).endsWith("PIPE_EXECUTION_PAUSED = TRUE");
        assertThat(sql.resumePipe()).endsWith("PIPE_EXECUTION_PAUSED = FALSE");
    }

    private String statementCreating(String kind) {
        for (String statement : filledStatements()) {
            Matcher m = CREATE.matcher(statement);
            if (m.lookingAt() && m.group(1).replaceAll("\\s+", " ").equalsIgnoreCase(kind)) {
                return statement.replaceAll("\\s+", " ");
            }
        }
        throw new AssertionError("no migration creates a " + kind);
    }

    private List<String> filledStatements() {
        Map<String, String> placeholders = Map.of(
                "integration", properties.quotedIntegration(),
                "storage_role_arn", properties.storageRoleArn(),
                "bucket", properties.bucketName());
        List<String> statements = new ArrayList<>();
        for (Migration m : sql.migrations()) {
            statements.addAll(SqlScript.statements(SqlScript.fill(m.script(), placeholders)));
        }
        return statements;
    }
}
