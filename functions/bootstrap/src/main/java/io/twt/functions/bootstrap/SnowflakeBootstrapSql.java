package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.RefreshTask;
import io.twt.core.sql.SqlCatalogue;
import java.util.List;
import java.util.Locale;

/**
 * Snowflake's statements. Object names are those of {@code sql/snowflake/migrations} and of the
 * stack's objects below; they are unquoted and resolve in the connection's database and schema.
 */
public final class SnowflakeBootstrapSql implements BootstrapSql {

    static final String STAGE = "twt_validated_stage";
    static final String PIPE = "twt_raw_pipe";
    /**
     * The serverless task's size, first run and every later one: without it the first runs use
     * MEDIUM and later ones may grow up to XXLARGE ("USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE",
     * "SERVERLESS_TASK_MIN_STATEMENT_SIZE", "SERVERLESS_TASK_MAX_STATEMENT_SIZE",
     * https://docs.snowflake.com/en/sql-reference/sql/create-task,
     * https://docs.snowflake.com/en/user-guide/tasks-intro).
     */
    static final String TASK_SIZE = "XSMALL";
    /**
     * A run of the task is cancelled (and rolled back) after this long, instead of the default hour
     * (USER_TASK_TIMEOUT_MS, CREATE TASK): the bound a warehouse-mode run has in the Refresh
     * function's 600 s timeout, so that a runaway run bills at most 10 minutes of XSMALL.
     */
    static final long TASK_TIMEOUT_MS = 600_000;

    private final List<Migration> migrations;

    public SnowflakeBootstrapSql() {
        this(Migrations.load(Dialect.SNOWFLAKE));
    }

    SnowflakeBootstrapSql(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    @Override
    public Dialect dialect() {
        return Dialect.SNOWFLAKE;
    }

    @Override
    public List<Migration> migrations() {
        return migrations;
    }

    /** https://docs.snowflake.com/en/sql-reference/functions/current_region */
    @Override
    public String currentRegion() {
        return "SELECT CURRENT_REGION()";
    }

    // The trust runs from this integration's IAM user to the role named here (a role, not a user);
    // DESC INTEGRATION gives the STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID that the role's
    // trust policy needs. CREATE OR REPLACE would make a new integration with a new external id, and
    // stages link to an integration by a hidden id, not its name ("Troubleshooting external tables",
    // https://docs.snowflake.com/en/user-guide/tables-external-ts).
    @Override
    public String createIntegration(String quotedIntegration, String storageRoleArn, String location) {
        return "CREATE STORAGE INTEGRATION IF NOT EXISTS " + quotedIntegration
                + " TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE"
                + " STORAGE_AWS_ROLE_ARN = '" + storageRoleArn + "' STORAGE_ALLOWED_LOCATIONS = ('" + location + "')";
    }

    @Override
    public String describeIntegration(String quotedIntegration) {
        return "DESC INTEGRATION " + quotedIntegration;
    }

    @Override
    public String alterIntegration(String quotedIntegration, String storageRoleArn, String location) {
        return "ALTER STORAGE INTEGRATION " + quotedIntegration + " SET STORAGE_AWS_ROLE_ARN = '" + storageRoleArn
                + "' STORAGE_ALLOWED_LOCATIONS = ('" + location + "')";
    }

    /** SHOW STAGES: columns name, url, storage_integration, comment (https://docs.snowflake.com/en/sql-reference/sql/show-stages). */
    @Override
    public String showStage() {
        return "SHOW STAGES LIKE '" + STAGE.toUpperCase(Locale.ROOT) + "' IN SCHEMA";
    }

    @Override
    public String createStage(String location, String quotedIntegration) {
        return "CREATE STAGE IF NOT EXISTS " + STAGE + " URL = '" + location + "' STORAGE_INTEGRATION = " + quotedIntegration
                + " FILE_FORMAT = (FORMAT_NAME = '" + SqlCatalogue.FILE_FORMAT + "') COMMENT = '" + STAGE_IN_USE + "'";
    }

    /** ALTER STAGE … SET URL, STORAGE_INTEGRATION and COMMENT in one statement (https://docs.snowflake.com/en/sql-reference/sql/alter-stage). */
    @Override
    public String alterStage(String location, String quotedIntegration) {
        return "ALTER STAGE " + STAGE + " SET URL = '" + location + "' STORAGE_INTEGRATION = " + quotedIntegration
                + " COMMENT = '" + STAGE_IN_USE + "'";
    }

    @Override
    public String releaseStage() {
        return "ALTER STAGE IF EXISTS " + STAGE + " SET COMMENT = '" + STAGE_RELEASED + "'";
    }

    /** SHOW PIPES: columns name, definition, notification_channel (https://docs.snowflake.com/en/sql-reference/sql/show-pipes). */
    @Override
    public String showPipe() {
        return "SHOW PIPES LIKE '" + PIPE.toUpperCase(Locale.ROOT) + "' IN SCHEMA";
    }

    // Loads each new object once (the pipe keeps a load history); its notification_channel is the
    // SQS queue that the bucket notifies on validated/.
    @Override
    public String createPipe(boolean replace) {
        return (replace ? "CREATE OR REPLACE PIPE " : "CREATE PIPE IF NOT EXISTS ") + PIPE
                + " AUTO_INGEST = TRUE AS COPY INTO " + SqlCatalogue.RAW + " (raw, file_name, file_row_number, load_time)"
                + " FROM (SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, CURRENT_TIMESTAMP() FROM @" + STAGE + ")"
                + " FILE_FORMAT = (FORMAT_NAME = '" + SqlCatalogue.FILE_FORMAT + "') " + PIPE_ON_ERROR;
    }

    @Override
    public String resumePipe() {
        return "ALTER PIPE " + PIPE + " SET PIPE_EXECUTION_PAUSED = FALSE";
    }

    @Override
    public String pausePipe() {
        return "ALTER PIPE IF EXISTS " + PIPE + " SET PIPE_EXECUTION_PAUSED = TRUE";
    }

    @Override
    public String showTask() {
        return RefreshTask.SHOW;
    }

    // No WAREHOUSE: serverless. No SCHEDULE: it runs only when EXECUTE TASK asks, and a new task
    // is created suspended, which EXECUTE TASK does not mind
    // (https://docs.snowflake.com/en/sql-reference/sql/execute-task). The options follow the
    // order of CREATE TASK's syntax; AUTOCOMMIT stays at its default, TRUE, as tasks require.
    @Override
    public String createTask(String body, String quotedErrorIntegration, String comment) {
        return "CREATE OR REPLACE TASK " + SqlCatalogue.REFRESH_TASK
                + "\n    USER_TASK_MANAGED_INITIAL_WAREHOUSE_SIZE = '" + TASK_SIZE + "'"
                + "\n    USER_TASK_TIMEOUT_MS = " + TASK_TIMEOUT_MS
                + (quotedErrorIntegration == null ? "" : "\n    ERROR_INTEGRATION = " + quotedErrorIntegration)
                + "\n    COMMENT = '" + comment + "'"
                + "\n    SERVERLESS_TASK_MIN_STATEMENT_SIZE = '" + TASK_SIZE + "'"
                + "\n    SERVERLESS_TASK_MAX_STATEMENT_SIZE = '" + TASK_SIZE + "'"
                + "\nAS\n" + body;
    }

    @Override
    public String dropTask() {
        return "DROP TASK IF EXISTS " + SqlCatalogue.REFRESH_TASK;
    }

    @Override
    public List<String> dropAll(String quotedIntegration) {
        return List.of(
                "DROP TASK IF EXISTS " + SqlCatalogue.REFRESH_TASK,
                "DROP PIPE IF EXISTS " + PIPE,
                "DROP STREAM IF EXISTS " + SqlCatalogue.STREAM,
                "DROP STAGE IF EXISTS " + STAGE,
                // The views before the tables they read.
                "DROP VIEW IF EXISTS " + SqlCatalogue.CASHTAG_HOURLY,
                "DROP VIEW IF EXISTS " + SqlCatalogue.CASHTAG_DAILY,
                "DROP VIEW IF EXISTS " + SqlCatalogue.AUTHOR,
                "DROP VIEW IF EXISTS " + SqlCatalogue.CASHTAG_VERIFIED_SHARE,
                "DROP TABLE IF EXISTS " + SqlCatalogue.COMPLIANCE_LOG,
                "DROP TABLE IF EXISTS " + SqlCatalogue.LOAD_ERROR,
                "DROP TABLE IF EXISTS " + SqlCatalogue.REJECTED,
                "DROP TABLE IF EXISTS " + SqlCatalogue.TWEET_ENTITY,
                "DROP TABLE IF EXISTS " + SqlCatalogue.TWEET,
                "DROP TABLE IF EXISTS " + SqlCatalogue.USER,
                "DROP TABLE IF EXISTS " + SqlCatalogue.RAW,
                "DROP FILE FORMAT IF EXISTS " + SqlCatalogue.FILE_FORMAT,
                "DROP TABLE IF EXISTS " + MigrationRunner.HISTORY,
                "DROP STORAGE INTEGRATION IF EXISTS " + quotedIntegration);
    }
}
