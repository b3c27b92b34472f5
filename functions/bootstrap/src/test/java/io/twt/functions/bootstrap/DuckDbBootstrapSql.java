package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DuckDB flavour the service tests run: DuckDB's own migrations, then a test migration of
 * stand-in tables that answer the DESC statements in Snowflake's column shapes (see
 * stand-ins/V003__snowflake_stand_ins.sql); the ALTERs update those tables.
 */
final class DuckDbBootstrapSql implements BootstrapSql {

    static final String STAND_INS = "V003__snowflake_stand_ins.sql";

    private final List<Migration> migrations;

    DuckDbBootstrapSql() {
        this(List.of());
    }

    /** With {@code extra} migrations after the stand-ins, as a later release would add them. */
    DuckDbBootstrapSql(List<Migration> extra) {
        List<Migration> all = new ArrayList<>(Migrations.load(Dialect.DUCKDB));
        all.add(Migration.fromFile(STAND_INS, resource("stand-ins/" + STAND_INS)));
        all.addAll(extra);
        this.migrations = List.copyOf(all);
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
    public String describeStage() {
        return "SELECT parent_property, property, property_type, property_value, property_default FROM twt_standin_stage";
    }

    @Override
    public String alterStageUrl(String location) {
        return "UPDATE twt_standin_stage SET property_value = '[\"" + location + "\"]' WHERE property = 'URL'";
    }

    @Override
    public String describePipe() {
        return "SELECT name, notification_channel FROM twt_standin_pipe WHERE name = 'TWT_RAW_PIPE'";
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
    public List<String> dropAll(String quotedIntegration) {
        return List.of(
                "DROP TABLE IF EXISTS twt_standin_pipe",
                "DROP TABLE IF EXISTS twt_standin_stage",
                "DROP TABLE IF EXISTS twt_tweet",
                "DROP TABLE IF EXISTS twt_user",
                "DROP TABLE IF EXISTS twt_raw",
                "DROP TABLE IF EXISTS twt_load_history",
                "DROP TABLE IF EXISTS twt_stream_offset",
                "DROP TABLE IF EXISTS " + MigrationRunner.HISTORY,
                "DROP TABLE IF EXISTS twt_standin_integration");
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
