package io.twt.functions.bootstrap;

import io.twt.core.sql.ConnectionSource;
import io.twt.core.sql.MigrationRunner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates, upgrades and removes twt's Snowflake objects.
 *
 * <p>{@link #apply}: runs the versioned migrations (each once, recorded in
 * {@value MigrationRunner#HISTORY}); then makes the objects that {@code IF NOT EXISTS} leaves
 * alone follow the properties (the integration's role and allowed location, the stage's URL),
 * altering only what differs; resumes the pipe (a keep-data Delete paused it); and reads what the
 * AWS side needs: the integration's IAM user and external id, the pipe's notification queue.
 *
 * <p>{@link #delete}: keeps every object and pauses the pipe, or, with DropDataOnDelete, drops
 * everything including the migration history and the integration.
 */
public final class BootstrapService {

    static final String IAM_USER_ARN = "STORAGE_AWS_IAM_USER_ARN";
    static final String EXTERNAL_ID = "STORAGE_AWS_EXTERNAL_ID";
    static final String ROLE_ARN = "STORAGE_AWS_ROLE_ARN";
    static final String ALLOWED_LOCATIONS = "STORAGE_ALLOWED_LOCATIONS";
    static final String STAGE_URL = "URL";
    static final String NOTIFICATION_CHANNEL = "notification_channel";

    private final ConnectionSource connections;
    private final BootstrapSql sql;

    public BootstrapService(ConnectionSource connections, BootstrapSql sql) {
        this.connections = connections;
        this.sql = sql;
    }

    /**
     * What a Create or Update did and found.
     *
     * @param applied    migration versions applied by this run, in order
     * @param reconciled the objects altered to follow the properties ("integration", "stage")
     */
    public record Applied(List<Integer> applied, int schemaVersion, List<String> reconciled,
                          String storageAwsIamUserArn, String storageAwsExternalId, String pipeNotificationChannel) {
    }

    /** The statements a Delete ran (they hold object names only). */
    public record Deleted(boolean droppedData, List<String> statements) {
    }

    public Applied apply(BootstrapProperties properties) throws SQLException {
        Connection connection = connections.connection();
        MigrationRunner.Result migrated = new MigrationRunner(sql.dialect(), sql.migrations())
                .migrate(connection, Map.of(
                        "integration", properties.quotedIntegration(),
                        "storage_role_arn", properties.storageRoleArn(),
                        "bucket", properties.bucketName()));
        List<String> reconciled = reconcile(connection, properties);
        execute(connection, sql.resumePipe());
        Map<String, String> integration = describe(connection, sql.describeIntegration(properties.quotedIntegration()));
        return new Applied(migrated.applied(), migrated.schemaVersion(), reconciled,
                required(integration, IAM_USER_ARN, "DESC INTEGRATION"),
                required(integration, EXTERNAL_ID, "DESC INTEGRATION"),
                pipeNotificationChannel(connection));
    }

    public Deleted delete(BootstrapProperties.ForDelete properties) throws SQLException {
        Connection connection = connections.connection();
        List<String> statements = properties.dropDataOnDelete()
                ? sql.dropAll(properties.quotedIntegration())
                : List.of(sql.pausePipe());
        for (String statement : statements) {
            execute(connection, statement);
        }
        return new Deleted(properties.dropDataOnDelete(), statements);
    }

    /**
     * The integration first (a stage may only point where the integration allows), then the stage.
     * ALTER keeps the integration and so its IAM user; the external id is read afresh afterwards
     * either way. Nothing is altered when it already matches.
     */
    private List<String> reconcile(Connection connection, BootstrapProperties properties) throws SQLException {
        List<String> reconciled = new ArrayList<>();
        String location = properties.stageLocation();
        Map<String, String> integration = describe(connection, sql.describeIntegration(properties.quotedIntegration()));
        if (!properties.storageRoleArn().equals(integration.get(ROLE_ARN))
                || !List.of(location).equals(locations(integration.get(ALLOWED_LOCATIONS)))) {
            execute(connection, sql.alterIntegration(properties.quotedIntegration(), properties.storageRoleArn(), location));
            reconciled.add("integration");
        }
        Map<String, String> stage = describe(connection, sql.describeStage());
        if (!List.of(location).equals(locations(stage.get(STAGE_URL)))) {
            execute(connection, sql.alterStageUrl(location));
            reconciled.add("stage");
        }
        return List.copyOf(reconciled);
    }

    private String pipeNotificationChannel(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.describePipe())) {
            int column = column(rs, NOTIFICATION_CHANNEL);
            if (!rs.next()) {
                throw new SQLException(sql.describePipe() + " returned no row");
            }
            String channel = rs.getString(column);
            if (channel == null || channel.isBlank()) {
                throw new SQLException(sql.describePipe() + " gave no " + NOTIFICATION_CHANNEL
                        + " (is the pipe created with AUTO_INGEST = TRUE?)");
            }
            return channel;
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
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
