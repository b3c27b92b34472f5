package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DuckDB flavour the service tests run: DuckDB's own migrations, and statements on stand-in
 * catalog tables ({@link #createCatalog}) that answer like Snowflake's SHOW and DESC, in its
 * column shapes. The stand-in integration's IAM user and external id follow from its name, as
 * Snowflake generates them once per integration.
 */
class DuckDbBootstrapSql implements BootstrapSql {

    static final String REGION = "AWS_US_EAST_1";
    static final String STACK_REGION = "us-east-1";
    static final String PIPE_DEFINITION = "COPY INTO twt_raw FROM (SELECT $1 FROM @twt_validated_stage) " + PIPE_ON_ERROR;

    /** The version of the last migration the release ships (DuckDB's files stand in for Snowflake's). */
    static final int LATEST = Migrations.load(Dialect.DUCKDB).stream().mapToInt(Migration::version).max().orElseThrow();

    private final List<Migration> migrations;
    private final String currentRegion;
    private final String queueRegion;

    DuckDbBootstrapSql() {
        this(List.of(), REGION, STACK_REGION);
    }

    /** With {@code extra} migrations after DuckDB's, as a later release would add them. */
    DuckDbBootstrapSql(List<Migration> extra) {
        this(extra, REGION, STACK_REGION);
    }

    /**
     * @param currentRegion what {@code CURRENT_REGION()} answers
     * @param queueRegion   the region of the pipe's notification channel
     */
    DuckDbBootstrapSql(List<Migration> extra, String currentRegion, String queueRegion) {
        List<Migration> all = new ArrayList<>(Migrations.load(Dialect.DUCKDB));
        all.addAll(extra);
        this.migrations = List.copyOf(all);
        this.currentRegion = currentRegion;
        this.queueRegion = queueRegion;
    }

    /** The catalog a Snowflake account has before Bootstrap runs. */
    static void createCatalog(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : SqlScript.statements(resource("stand-ins/snowflake_catalog.sql"))) {
                s.execute(statement);
            }
        }
    }

    static String iamUser(String canonicalIntegration) {
        return "arn:aws:iam::123456789001:user/sf-" + canonicalIntegration.toLowerCase(Locale.ROOT);
    }

    static String externalId(String canonicalIntegration) {
        return "MYACCOUNT_SFCRole=2_" + canonicalIntegration + "=";
    }

    static String notificationChannel(String region) {
        return "arn:aws:sqs:" + region + ":123456789001:sf-snowpipe-AIDAEXAMPLE-abcdEFGH";
    }

    @Override
    public Dialect dialect() {
        return Dialect.DUCKDB;
    }

    @Override
    public List<Migration> migrations() {
        return migrations;
    }

    @Override
    public String currentRegion() {
        return "SELECT '" + currentRegion + "' AS region";
    }

    @Override
    public String createIntegration(String quotedIntegration, String storageRoleArn, String location) {
        String name = unquoted(quotedIntegration);
        return "INSERT INTO twt_standin_integration SELECT * FROM (VALUES"
                + " ('" + quotedIntegration + "', 'ENABLED', 'Boolean', 'true', 'false'),"
                + " ('" + quotedIntegration + "', 'STORAGE_PROVIDER', 'String', 'S3', ''),"
                + " ('" + quotedIntegration + "', 'STORAGE_ALLOWED_LOCATIONS', 'List', '" + location + "', '[]'),"
                + " ('" + quotedIntegration + "', 'STORAGE_BLOCKED_LOCATIONS', 'List', '', '[]'),"
                + " ('" + quotedIntegration + "', 'STORAGE_AWS_IAM_USER_ARN', 'String', '" + iamUser(name) + "', ''),"
                + " ('" + quotedIntegration + "', 'STORAGE_AWS_ROLE_ARN', 'String', '" + storageRoleArn + "', ''),"
                + " ('" + quotedIntegration + "', 'STORAGE_AWS_EXTERNAL_ID', 'String', '" + externalId(name) + "', ''),"
                + " ('" + quotedIntegration + "', 'COMMENT', 'String', '', '')"
                + ") AS v(integration, property, property_type, property_value, property_default)"
                + " WHERE NOT EXISTS (SELECT 1 FROM twt_standin_integration WHERE integration = '" + quotedIntegration + "')";
    }

    @Override
    public String describeIntegration(String quotedIntegration) {
        return "SELECT property, property_type, property_value, property_default FROM twt_standin_integration "
                + "WHERE integration = '" + quotedIntegration + "'";
    }

    @Override
    public String alterIntegration(String quotedIntegration, String storageRoleArn, String location) {
        return "UPDATE twt_standin_integration SET property_value = CASE property"
                + " WHEN 'STORAGE_AWS_ROLE_ARN' THEN '" + storageRoleArn + "'"
                + " WHEN 'STORAGE_ALLOWED_LOCATIONS' THEN '" + location + "'"
                + " ELSE property_value END WHERE integration = '" + quotedIntegration + "'";
    }

    @Override
    public String showStage() {
        return "SELECT name, url, storage_integration, comment FROM twt_standin_stage WHERE name = 'TWT_VALIDATED_STAGE'";
    }

    @Override
    public String createStage(String location, String quotedIntegration) {
        return "INSERT INTO twt_standin_stage VALUES ('TWT_VALIDATED_STAGE', '" + location + "', '"
                + unquoted(quotedIntegration) + "', '" + STAGE_IN_USE + "') ON CONFLICT DO NOTHING";
    }

    @Override
    public String alterStage(String location, String quotedIntegration) {
        return "UPDATE twt_standin_stage SET url = '" + location + "', storage_integration = '"
                + unquoted(quotedIntegration) + "', comment = '" + STAGE_IN_USE + "' WHERE name = 'TWT_VALIDATED_STAGE'";
    }

    @Override
    public String releaseStage() {
        return "UPDATE twt_standin_stage SET comment = '" + STAGE_RELEASED + "' WHERE name = 'TWT_VALIDATED_STAGE'";
    }

    @Override
    public String showPipe() {
        return "SELECT name, definition, notification_channel FROM twt_standin_pipe WHERE name = 'TWT_RAW_PIPE'";
    }

    @Override
    public String createPipe(boolean replace) {
        return "INSERT " + (replace ? "OR REPLACE " : "") + "INTO twt_standin_pipe SELECT 'TWT_RAW_PIPE', '"
                + PIPE_DEFINITION.replace("'", "''") + "', '" + notificationChannel(queueRegion) + "', url, FALSE"
                + " FROM twt_standin_stage WHERE name = 'TWT_VALIDATED_STAGE'" + (replace ? "" : " ON CONFLICT DO NOTHING");
    }

    @Override
    public String resumePipe() {
        return "UPDATE twt_standin_pipe SET paused = FALSE WHERE name = 'TWT_RAW_PIPE'";
    }

    @Override
    public String pausePipe() {
        return "UPDATE twt_standin_pipe SET paused = TRUE WHERE name = 'TWT_RAW_PIPE'";
    }

    @Override
    public String showTask() {
        return "SELECT name, comment, state, definition, error_integration FROM twt_standin_task WHERE name = 'TWT_REFRESH_TASK'";
    }

    /** As Snowflake: a new or replaced task is suspended. */
    @Override
    public String createTask(String body, String quotedErrorIntegration, String comment) {
        return "INSERT OR REPLACE INTO twt_standin_task VALUES ('TWT_REFRESH_TASK', '" + comment + "', 'suspended', '"
                + body.replace("'", "''") + "', " + (quotedErrorIntegration == null ? "NULL" : "'" + unquoted(quotedErrorIntegration) + "'") + ")";
    }

    @Override
    public String dropTask() {
        return "DELETE FROM twt_standin_task";
    }

    @Override
    public List<String> dropAll(String quotedIntegration) {
        return List.of(
                "DELETE FROM twt_standin_task",
                "DELETE FROM twt_standin_pipe",
                "DROP VIEW IF EXISTS twt_cashtag_hourly",
                "DROP VIEW IF EXISTS twt_cashtag_daily",
                "DROP VIEW IF EXISTS twt_author",
                "DROP VIEW IF EXISTS twt_cashtag_verified_share",
                "DROP TABLE IF EXISTS twt_compliance_log",
                "DROP TABLE IF EXISTS twt_tweet_entity",
                "DROP TABLE IF EXISTS twt_tweet",
                "DROP TABLE IF EXISTS twt_user",
                "DELETE FROM twt_standin_stage",
                "DROP TABLE IF EXISTS twt_raw_rejected",
                "DROP TABLE IF EXISTS twt_raw",
                "DROP TABLE IF EXISTS twt_load_history",
                "DROP TABLE IF EXISTS twt_stream_offset",
                "DROP TABLE IF EXISTS " + MigrationRunner.HISTORY,
                "DELETE FROM twt_standin_integration WHERE integration = '" + quotedIntegration + "'");
    }

    private static String unquoted(String quotedIntegration) {
        return quotedIntegration.replace("\"", "");
    }

    static String resource(String name) {
        try (InputStream in = DuckDbBootstrapSql.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
