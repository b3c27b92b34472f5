package io.twt.functions.bootstrap;

import io.twt.core.sql.ConnectionSource;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.SqlCatalogue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates, upgrades and removes twt's Snowflake objects.
 *
 * <p>{@link #apply}: refuses a stack outside the Snowflake account's AWS region before anything
 * is created; refuses a stage another stack still loads through; runs the versioned migrations
 * (each once, recorded in {@value MigrationRunner#HISTORY}); then reconciles the stack's own
 * objects, which no migration creates because each stack has its own: the integration (created if
 * missing, altered only where its role or allowed location differ), the stage (created if missing,
 * re-pointed at the stack's bucket through its integration where it differs), and the pipe
 * (created if missing, re-created when the stage was re-pointed, resumed), and the refresh task
 * (see {@link #reconcileTask}); finally it reads what the AWS side needs: the integration's IAM
 * user and external id, the pipe's notification queue.
 *
 * <p>{@link #delete}: when the stage is this stack's, keeps every object, pauses the pipe and marks
 * the stage released (for the next stack on the schema), or, with DropDataOnDelete, drops
 * everything including the migration history and the integration. A stage that another stack
 * loads through is left alone.
 */
public final class BootstrapService {

    static final String IAM_USER_ARN = "STORAGE_AWS_IAM_USER_ARN";
    static final String EXTERNAL_ID = "STORAGE_AWS_EXTERNAL_ID";
    static final String ROLE_ARN = "STORAGE_AWS_ROLE_ARN";
    static final String ALLOWED_LOCATIONS = "STORAGE_ALLOWED_LOCATIONS";
    static final String NOTIFICATION_CHANNEL = "notification_channel";
    /** The refresh task's comment, before the fingerprint of its definition. */
    static final String TASK_COMMENT = "twt: the refresh, run by the Refresh function with EXECUTE TASK; definition";

    private final ConnectionSource connections;
    private final BootstrapSql sql;
    private final String stackRegion;

    /**
     * @param stackRegion the AWS region the stack (and so its bucket) is in: the function's {@code AWS_REGION}
     */
    public BootstrapService(ConnectionSource connections, BootstrapSql sql, String stackRegion) {
        this.connections = connections;
        this.sql = sql;
        this.stackRegion = stackRegion;
    }

    /**
     * What a Create or Update did and found.
     *
     * @param applied    migration versions applied by this run, in order
     * @param reconciled the objects created, altered or dropped to follow the properties ("integration", "stage", "pipe", "task")
     */
    public record Applied(List<Integer> applied, int schemaVersion, List<String> reconciled,
                          String storageAwsIamUserArn, String storageAwsExternalId, String pipeNotificationChannel) {
    }

    /** The statements a Delete ran (they hold object names only). */
    public record Deleted(boolean droppedData, List<String> statements) {
    }

    /** The stage as SHOW STAGES gives it. */
    private record Stage(String url, String integration, String comment) {
    }

    public Applied apply(BootstrapProperties properties) throws SQLException {
        Connection connection = connections.connection();
        Regions.requireSameRegion(stackRegion, single(connection, sql.currentRegion()));
        Stage stage = stage(connection);
        if (stage != null && !loadsFor(stage, properties.integrationName()) && !BootstrapSql.STAGE_RELEASED.equals(stage.comment())) {
            throw new IllegalStateException("the stage " + SnowflakeBootstrapSql.STAGE + " in this schema loads "
                    + stage.url() + " through the storage integration " + stage.integration() + ", another stack's, "
                    + "and that stack has not released it: one stack per Snowflake schema. Delete that stack first "
                    + "(its Delete releases the stage and keeps the data) or give this stack a schema of its own; "
                    + "nothing was changed");
        }
        MigrationRunner.Result migrated = new MigrationRunner(sql.dialect(), sql.migrations()).migrate(connection, Map.of());
        List<String> reconciled = new ArrayList<>();
        reconcileIntegration(connection, properties, reconciled);
        boolean repointed = reconcileStage(connection, properties, stage, reconciled);
        reconcilePipe(connection, repointed, reconciled);
        execute(connection, sql.resumePipe());
        reconcileTask(connection, properties, reconciled);
        Map<String, String> integration = describe(connection, sql.describeIntegration(properties.quotedIntegration()));
        String channel = pipeNotificationChannel(connection);
        Regions.requireQueueInRegion(stackRegion, channel);
        return new Applied(migrated.applied(), migrated.schemaVersion(), List.copyOf(reconciled),
                required(integration, IAM_USER_ARN, "DESC INTEGRATION"),
                required(integration, EXTERNAL_ID, "DESC INTEGRATION"),
                channel);
    }

    public Deleted delete(BootstrapProperties.ForDelete properties) throws SQLException {
        Connection connection = connections.connection();
        Stage stage = stage(connection);
        boolean ours = stage == null || loadsFor(stage, properties.integrationName());
        List<String> statements;
        if (properties.dropDataOnDelete()) {
            // Another stack's stage means its tables too: only this stack's integration (dropped last) goes.
            List<String> drops = sql.dropAll(properties.quotedIntegration());
            statements = ours ? drops : List.of(drops.get(drops.size() - 1));
        } else {
            statements = stage != null && ours ? List.of(sql.pausePipe(), sql.releaseStage()) : List.of();
        }
        for (String statement : statements) {
            execute(connection, statement);
        }
        return new Deleted(properties.dropDataOnDelete(), statements);
    }

    /** The integration before the stage: a stage may only point where its integration allows. */
    private void reconcileIntegration(Connection connection, BootstrapProperties properties, List<String> reconciled)
            throws SQLException {
        String location = properties.stageLocation();
        execute(connection, sql.createIntegration(properties.quotedIntegration(), properties.storageRoleArn(), location));
        Map<String, String> integration = describe(connection, sql.describeIntegration(properties.quotedIntegration()));
        // ALTER keeps the integration and so its IAM user; the external id is read afresh afterwards either way.
        if (!properties.storageRoleArn().equals(integration.get(ROLE_ARN))
                || !List.of(location).equals(locations(integration.get(ALLOWED_LOCATIONS)))) {
            execute(connection, sql.alterIntegration(properties.quotedIntegration(), properties.storageRoleArn(), location));
            reconciled.add("integration");
        }
    }

    /** @return whether the stage now points somewhere it did not (created, or another bucket or integration) */
    private boolean reconcileStage(Connection connection, BootstrapProperties properties, Stage stage,
                                   List<String> reconciled) throws SQLException {
        String location = properties.stageLocation();
        if (stage == null) {
            execute(connection, sql.createStage(location, properties.quotedIntegration()));
            reconciled.add("stage");
            return true;
        }
        boolean repointed = !List.of(location).equals(locations(stage.url()))
                || !loadsFor(stage, properties.integrationName());
        if (repointed || !BootstrapSql.STAGE_IN_USE.equals(stage.comment())) {
            execute(connection, sql.alterStage(location, properties.quotedIntegration()));
            reconciled.add("stage");
        }
        return repointed;
    }

    /**
     * A pipe is bound to the notification channel of its stage's location when it is created, and
     * a pipe definition does not follow changes to its stage ("SYSTEM$INGEST_REBIND_PIPE",
     * https://docs.snowflake.com/en/sql-reference/functions/system_ingest_rebind_pipe; CREATE PIPE
     * usage notes, https://docs.snowflake.com/en/sql-reference/sql/create-pipe): so a re-pointed
     * stage gets its pipe re-created, paused first as "Recreating pipes" advises
     * (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-manage). The load history goes
     * with the old pipe; the new location's files are new to it anyway.
     */
    private void reconcilePipe(Connection connection, boolean stageRepointed, List<String> reconciled) throws SQLException {
        Map<String, String> pipe = row(connection, sql.showPipe());
        if (pipe == null) {
            execute(connection, sql.createPipe(false));
            reconciled.add("pipe");
        } else if (stageRepointed || !isCurrent(pipe.getOrDefault("DEFINITION", ""))) {
            execute(connection, sql.pausePipe());
            execute(connection, sql.createPipe(true));
            reconciled.add("pipe");
        }
    }

    /**
     * Serverless mode keeps the refresh task as this release defines it: created when missing,
     * replaced when its definition (body, sizes, error integration) is not this release's, else
     * left alone, so a redeploy changes nothing. SHOW TASKS does not give the size parameters, so
     * the comment carries a fingerprint of the whole CREATE statement and is what is compared. A
     * replace is one atomic statement: a deploy that fails before or after it is simply run again.
     * Warehouse mode drops the task, so that nothing can run the refresh twice over; it costs
     * nothing to keep, but a leftover task would be a second, unused way to run it.
     */
    private void reconcileTask(Connection connection, BootstrapProperties properties, List<String> reconciled)
            throws SQLException {
        Map<String, String> task = row(connection, sql.showTask());
        if (properties.refreshCompute() == RefreshCompute.WAREHOUSE) {
            if (task != null) {
                execute(connection, sql.dropTask());
                reconciled.add("task");
            }
            return;
        }
        String body = new SqlCatalogue(sql.dialect()).script().taskBlock();
        String integration = properties.quotedTaskErrorIntegration();
        String comment = TASK_COMMENT + " " + fingerprint(sql.createTask(body, integration, ""));
        if (task == null || !comment.equals(task.get("COMMENT"))) {
            try {
                execute(connection, sql.createTask(body, integration, comment));
            } catch (SQLException e) {
                // Typically a stack upgraded to this release before the new grants of setup.sql.
                throw new SQLException("cannot create the refresh task " + SqlCatalogue.REFRESH_TASK + " (RefreshCompute is "
                        + RefreshCompute.SERVERLESS.value() + "): " + e.getMessage() + "; its role needs CREATE TASK on the schema and "
                        + "EXECUTE TASK and EXECUTE MANAGED TASK on the account (run sql/admin/setup.sql again: it grants them)"
                        + (integration == null ? "" : " and USAGE on the integration " + integration)
                        + ", or deploy with RefreshCompute=" + RefreshCompute.WAREHOUSE.value(), e.getSQLState(), e.getErrorCode(), e);
            }
            reconciled.add("task");
        }
    }

    /** The first 16 hex digits of the statement's SHA-256: enough to tell releases apart. */
    static String fingerprint(String statement) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(statement.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Whether a pipe's definition (SHOW PIPES gives the COPY statement as written) reads the stage
     * and skips only the rows it cannot load: a pipe created by an older release, with Snowpipe's
     * default ON_ERROR = SKIP_FILE, is replaced.
     */
    static boolean isCurrent(String definition) {
        String squeezed = definition.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        return squeezed.contains("@" + SnowflakeBootstrapSql.STAGE.toUpperCase(Locale.ROOT))
                && squeezed.contains(BootstrapSql.PIPE_ON_ERROR.replace(" ", ""));
    }

    private Stage stage(Connection connection) throws SQLException {
        Map<String, String> stage = row(connection, sql.showStage());
        return stage == null ? null : new Stage(stage.get("URL"), stage.get("STORAGE_INTEGRATION"), stage.get("COMMENT"));
    }

    /** Whether the stage loads through the integration of that canonical name (SHOW gives it unquoted). */
    private static boolean loadsFor(Stage stage, String canonicalIntegration) {
        String named = stage.integration() == null ? "" : stage.integration().replace("\"", "");
        return named.equals(canonicalIntegration);
    }

    private String pipeNotificationChannel(Connection connection) throws SQLException {
        Map<String, String> pipe = row(connection, sql.showPipe());
        if (pipe == null) {
            throw new SQLException(sql.showPipe() + " returned no row");
        }
        String channel = pipe.get(NOTIFICATION_CHANNEL.toUpperCase(Locale.ROOT));
        if (channel == null || channel.isBlank()) {
            throw new SQLException(sql.showPipe() + " gave no " + NOTIFICATION_CHANNEL
                    + " (is the pipe created with AUTO_INGEST = TRUE?)");
        }
        return channel;
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    /** The first column of the one row {@code query} returns. */
    private static String single(Connection connection, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) {
                throw new SQLException(query + " returned no row");
            }
            return rs.getString(1);
        }
    }

    /** The first row of a SHOW result as column label (upper-cased) → value, or null when there is none. */
    private static Map<String, String> row(Connection connection, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) {
                return null;
            }
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i).toUpperCase(Locale.ROOT), rs.getString(i));
            }
            return row;
        }
    }

    /** Runs a DESC statement and returns its rows as property → property_value (property upper-cased). */
    private static Map<String, String> describe(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(statement)) {
            return properties(rs);
        }
    }

    /** The rows of a DESC result (columns property and property_value) as a map keyed by upper-case property. */
    static Map<String, String> properties(ResultSet rs) throws SQLException {
        int property = column(rs, "property");
        int value = column(rs, "property_value");
        Map<String, String> properties = new LinkedHashMap<>();
        while (rs.next()) {
            properties.put(rs.getString(property).toUpperCase(Locale.ROOT), rs.getString(value));
        }
        return properties;
    }

    /**
     * A DESC list value as a list: {@code s3://a/p/} (integration), {@code ["s3://a/p/"]} (stage)
     * and comma-separated lists of either.
     */
    static List<String> locations(String value) {
        if (value == null) {
            return List.of();
        }
        String text = value.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        List<String> locations = new ArrayList<>();
        for (String part : text.split(",")) {
            String location = part.strip();
            if (location.length() >= 2 && location.startsWith("\"") && location.endsWith("\"")) {
                location = location.substring(1, location.length() - 1);
            }
            if (!location.isEmpty()) {
                locations.add(location);
            }
        }
        return locations;
    }

    /** The 1-based index of the column labelled {@code name}, in any case. */
    static int column(ResultSet rs, String name) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
                return i;
            }
            labels.add(meta.getColumnLabel(i));
        }
        throw new SQLException("expected a column " + name + " in the result, found " + labels);
    }

    private static String required(Map<String, String> properties, String name, String source) throws SQLException {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            throw new SQLException(source + " gave no " + name + " (found " + properties.keySet() + ")");
        }
        return value;
    }
}
