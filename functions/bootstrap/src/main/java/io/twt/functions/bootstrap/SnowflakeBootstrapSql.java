package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import java.util.List;

/**
 * Snowflake's statements. Object names are those of {@code sql/snowflake/migrations}; they are
 * unquoted and resolve in the connection's database and schema.
 */
public final class SnowflakeBootstrapSql implements BootstrapSql {

    static final String STAGE = "twt_validated_stage";
    static final String PIPE = "twt_raw_pipe";

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

    @Override
    public String describeIntegration(String quotedIntegration) {
        return "DESC INTEGRATION " + quotedIntegration;
    }

    @Override
    public String alterIntegration(String quotedIntegration, String storageRoleArn, String location) {
        return "ALTER STORAGE INTEGRATION " + quotedIntegration + " SET STORAGE_AWS_ROLE_ARN = '" + storageRoleArn
                + "' STORAGE_ALLOWED_LOCATIONS = ('" + location + "')";
    }

    @Override
    public String describeStage() {
        return "DESC STAGE " + STAGE;
    }

    @Override
    public String alterStageUrl(String location) {
        return "ALTER STAGE " + STAGE + " SET URL = '" + location + "'";
    }

    @Override
    public String describePipe() {
        return "DESC PIPE " + PIPE;
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
    public List<String> dropAll(String quotedIntegration) {
        return List.of(
                "DROP PIPE IF EXISTS " + PIPE,
                "DROP STREAM IF EXISTS twt_raw_stream",
                "DROP STAGE IF EXISTS " + STAGE,
                "DROP TABLE IF EXISTS twt_tweet",
                "DROP TABLE IF EXISTS twt_user",
                "DROP TABLE IF EXISTS twt_raw",
                "DROP FILE FORMAT IF EXISTS twt_ndjson",
                "DROP TABLE IF EXISTS " + MigrationRunner.HISTORY,
                "DROP STORAGE INTEGRATION IF EXISTS " + quotedIntegration);
    }
}
