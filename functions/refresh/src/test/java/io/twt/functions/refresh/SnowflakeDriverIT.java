package io.twt.functions.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.twt.core.metrics.EmfWriter;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshResult.MergeCounts;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.RefreshScript;
import io.twt.core.sql.RefreshTask;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.sql.SqlScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Snowflake dialect's refresh through the real Snowflake JDBC driver, against a loopback
 * stand-in for Snowflake's query endpoint that answers each statement as Snowflake does (MERGE: one
 * row of "number of rows inserted" / "number of rows updated"). Proves what the DuckDB tests cannot:
 * the statements of the rendered refresh reach Snowflake one request each, and the driver hands the MERGE
 * counts to {@code executeQuery}; and which statements each RefreshCompute mode sends, the whole
 * handler included: serverless mode sends SHOW TASKS, the stream check and EXECUTE TASK, nothing else.
 */
class SnowflakeDriverIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUERY = "/queries/v1/query-request";

    private static final String LOGIN_OK = """
            {"success": true, "code": null, "message": null, "data": {
              "token": "session-token", "masterToken": "master-token",
              "validityInSeconds": 3600, "masterValidityInSeconds": 14400,
              "serverVersion": "9.40.0", "sessionId": 1001, "healthCheckInterval": 45,
              "sessionInfo": {"databaseName": "TWT_DB", "schemaName": "PUBLIC", "warehouseName": "TWT_WH", "roleName": "TWT_ROLE"},
              "parameters": [{"name": "AUTOCOMMIT", "value": true}, {"name": "TIMEZONE", "value": "UTC"}, {"name": "CLIENT_TELEMETRY_ENABLED", "value": false}]}}
            """;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    private final WireMockServer snowflake = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        snowflake.start();
        snowflake.stubFor(post(anyUrl()).atPriority(10).willReturn(json("{\"success\": true, \"code\": null, \"message\": null, \"data\": null}")));
        snowflake.stubFor(post(urlPathEqualTo("/session/v1/login-request")).willReturn(json(LOGIN_OK)));
        answer("SELECT SYSTEM$STREAM_HAS_DATA", 4096, column("SYSTEM$STREAM_HAS_DATA('TWT_RAW_STREAM')", "boolean"), "true");
        answer("CREATE OR REPLACE TEMPORARY TABLE", 24576, column("status", "text"), "Table TWT_BATCH successfully created.");
        answer("BEGIN", 20480, column("status", "text"), "Statement executed successfully.");
        answer("COMMIT", 20480, column("status", "text"), "Statement executed successfully.");
        answer("ROLLBACK", 20480, column("status", "text"), "Statement executed successfully.");
        answer("INSERT INTO twt_parsed", 12544, column("number of rows inserted", "fixed"), "9");
        answer("INSERT INTO twt_raw_rejected", 12544, column("number of rows inserted", "fixed"), "2");
        answer("INSERT INTO twt_batch", 12544, column("number of rows inserted", "fixed"), "6");
        answer("INSERT INTO twt_tweet_entity", 12544, column("number of rows inserted", "fixed"), "7");
        answer("INSERT INTO twt_load_error", 12544, column("number of rows inserted", "fixed"), "1");
        answer("INSERT INTO twt_compliance_batch", 12544, column("number of rows inserted", "fixed"), "0");
        answer("MERGE INTO twt_user", 13312, column("number of rows inserted", "fixed") + "," + column("number of rows updated", "fixed"), "2", "1");
        answer("SHOW TASKS", 17408, column("created_on", "text") + "," + column("name", "text") + "," + column("database_name", "text")
                + "," + column("schema_name", "text") + "," + column("owner", "text") + "," + column("comment", "text") + ","
                + column("warehouse", "text") + "," + column("schedule", "text") + "," + column("state", "text"),
                "2026-03-01 12:00:00.000 -0800", "TWT_REFRESH_TASK", "TWT_DB", "PUBLIC", "TWT_ROLE", "twt: the refresh", "", "", "suspended");
        answer("EXECUTE TASK", 16384, column("status", "text"), "Task TWT_REFRESH_TASK is scheduled to run immediately.");
        answer("MERGE INTO twt_tweet", 13312, column("number of rows inserted", "fixed") + "," + column("number of rows updated", "fixed"), "4", "2");
    }

    @AfterEach
    void stop() {
        snowflake.stop();
    }

    @Test
    void eachStatementOfTheRenderedRefreshIsOneRequestAndTheMergeCountsAreRead() throws Exception {
        RefreshResult r;
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            r = new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(connection, 240);
            assertThat(sentStatements()).as("one query request per statement, in the rendered refresh's order,"
                    + " without the compliance statements when there is no compliance line")
                    .containsExactlyElementsOf(statementsWithoutCompliance());
            assertThat(snowflake.getAllServeEvents()).as("no other request during the run").hasSize(15);
        }
        assertThat(r.ran()).isTrue();
        assertThat(r.batchRows()).isEqualTo(6);
        assertThat(r.rejectedRows()).isEqualTo(2);
        assertThat(r.loadErrorFiles()).isEqualTo(1);
        assertThat(r.users()).isEqualTo(new MergeCounts(2, 1));
        assertThat(r.tweets()).isEqualTo(new MergeCounts(4, 2));
        assertThat(r.complianceLines()).isZero();
        assertThat(r.statements()).isEqualTo(15);
    }

    @Test
    void complianceLinesInTheStreamSendTheComplianceStatementsBeforeTheCommit() throws Exception {
        answer("INSERT INTO twt_compliance_batch", 12544, column("number of rows inserted", "fixed"), "3");
        answer("INSERT INTO twt_compliance_posts", 12544, column("number of rows inserted", "fixed"), "4");
        answer("INSERT INTO twt_compliance_log", 12544, column("number of rows inserted", "fixed"), "3");
        answer("DELETE FROM", 13056, column("number of rows deleted", "fixed"), "4");
        RefreshResult r;
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            r = new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(connection, 240);
            assertThat(sentStatements()).containsExactlyElementsOf(SqlScript.statements(new SqlCatalogue(Dialect.SNOWFLAKE).script().text()));
        }
        assertThat(r.complianceLines()).isEqualTo(3);
        assertThat(r.statements()).isEqualTo(23);
        List<String> sent = sentStatements();
        assertThat(sent.get(sent.size() - 3)).as("the compliance deletes run after the merges, in the transaction")
                .startsWith("DELETE FROM twt_user");
        assertThat(sent.get(sent.size() - 2)).startsWith("INSERT INTO twt_load_error");
        assertThat(sent.get(sent.size() - 1)).isEqualTo("COMMIT");
    }

    @Test
    void anEmptyStreamIsOneRequest() throws Exception {
        answer("SELECT SYSTEM$STREAM_HAS_DATA", 4096, column("SYSTEM$STREAM_HAS_DATA('TWT_RAW_STREAM')", "boolean"), "false");
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            RefreshResult r = new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(connection, 240);
            assertThat(r.ran()).isFalse();
            assertThat(sentStatements()).containsExactly("SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream')");
            assertThat(snowflake.getAllServeEvents()).as("no other request during the run").hasSize(1);
        }
    }

    @Test
    void aStatementSnowflakeRejectsIsRolledBackAndItsErrorReachesTheCaller() throws Exception {
        snowflake.stubFor(post(urlPathEqualTo(QUERY)).withRequestBody(containing("MERGE INTO twt_tweet")).willReturn(json(
                "{\"success\": false, \"code\": \"000630\", \"message\": \"Statement reached its statement or warehouse timeout of 240"
                        + " second(s) and was canceled.\", \"data\": {\"queryId\": \"01b2c3d4-0000-0001-0000-0000000000ff\","
                        + " \"sqlState\": \"57014\", \"errorCode\": \"000630\", \"age\": 0}}")));
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            assertThatThrownBy(() -> new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)).run(connection, 240))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("timeout of 240 second(s)")
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(630));
            List<String> sent = sentStatements();
            assertThat(sent.subList(sent.size() - 2, sent.size())).first().asString().startsWith("MERGE INTO twt_tweet");
            assertThat(sent).last().isEqualTo("ROLLBACK");
            assertThat(sent).doesNotContain("COMMIT");
        }
    }

    @Test
    void serverlessModeSendsShowTasksTheStreamCheckAndExecuteTaskAndNothingThatNeedsAWarehouse() throws Exception {
        String summary;
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            summary = handler(connection, RefreshCompute.SERVERLESS).handleRequest(null, null);
            assertThat(sentStatements()).containsExactly(RefreshTask.SHOW, "SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream')", RefreshTask.EXECUTE);
            assertThat(snowflake.getAllServeEvents()).as("no other request during the run").hasSize(3);
        }
        assertThat(sentStatements()).noneSatisfy(sql -> assertThat(sql.toUpperCase(Locale.ROOT)).containsAnyOf("USE ", "WAREHOUSE", "MERGE", "INSERT"));
        assertThat(summary).startsWith("refresh: the stream has new rows; executed twt_refresh_task (suspended) on serverless compute")
                .endsWith("(3 statements, " + summary.replaceAll(".*statements, (\\d+) ms\\)$", "$1") + " ms)");
        JsonNode emf = emf();
        assertThat(emf.get("TaskExecuted").asLong()).isEqualTo(1);
        assertThat(emf.get("TaskState").asText()).isEqualTo("suspended");
        assertThat(emf.get("StreamHadData").asBoolean()).isTrue();
        assertThat(emf.get("RefreshFailures").asLong()).isZero();
        assertThat(emf.has("PostsRead")).as("the function does not run the merges, so it counts no rows").isFalse();
    }

    @Test
    void serverlessModeWithAnEmptyStreamDoesNotExecuteTheTask() throws Exception {
        answer("SELECT SYSTEM$STREAM_HAS_DATA", 4096, column("SYSTEM$STREAM_HAS_DATA('TWT_RAW_STREAM')", "boolean"), "false");
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            String summary = handler(connection, RefreshCompute.SERVERLESS).handleRequest(null, null);
            assertThat(sentStatements()).containsExactly(RefreshTask.SHOW, "SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream')");
            assertThat(summary).startsWith("refresh: the stream holds nothing new; twt_refresh_task (suspended) not executed (2 statements, ");
        }
        assertThat(emf().get("TaskExecuted").asLong()).isZero();
    }

    @Test
    void serverlessModeWithoutTheTaskFailsSayingSoAndExecutesNothing() throws Exception {
        snowflake.stubFor(post(urlPathEqualTo(QUERY)).withRequestBody(containing("\"sqlText\":\"SHOW TASKS")).willReturn(json(
                "{\"success\": true, \"code\": null, \"message\": null, \"data\": {\"parameters\": [], \"queryId\": \"01b2c3d4-0000-0001-0000-000000000077\","
                        + " \"queryResultFormat\": \"json\", \"rowtype\": [" + column("name", "text") + "," + column("state", "text") + "],"
                        + " \"rowset\": [], \"total\": 0, \"returned\": 0, \"statementTypeId\": 17408, \"version\": 1}}")));
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            assertThatThrownBy(() -> handler(connection, RefreshCompute.SERVERLESS).handleRequest(null, null))
                    .isInstanceOf(RefreshFailedException.class)
                    .hasMessageContaining("refresh failed before the refresh task ran")
                    .hasMessageContaining("the refresh task twt_refresh_task does not exist");
            assertThat(sentStatements()).containsExactly(RefreshTask.SHOW);
        }
        assertThat(emf().get("RefreshFailures").asLong()).isEqualTo(1);
        assertThat(emf().get("TaskExecuted").asLong()).isZero();
    }

    @Test
    void warehouseModeSendsTheRenderedRefreshAndNoTaskStatement() throws Exception {
        try (Connection connection = connect()) {
            snowflake.resetRequests();
            handler(connection, RefreshCompute.WAREHOUSE).handleRequest(null, null);
            assertThat(sentStatements()).containsExactlyElementsOf(statementsWithoutCompliance());
        }
        assertThat(sentStatements()).noneSatisfy(sql -> assertThat(sql).containsAnyOf("TASK", "task"));
        assertThat(emf().get("PostsRead").asLong()).isEqualTo(6);
    }

    private RefreshHandler handler(Connection connection, RefreshCompute compute) {
        RefreshService service = new RefreshService(() -> connection, new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)), 240);
        return new RefreshHandler(service, compute, new RefreshMetrics(new EmfWriter(log, "twt", "RefreshFunction", Clock.systemUTC())), log);
    }

    /** The one metrics document the handler wrote. */
    private JsonNode emf() throws IOException {
        List<String> docs = Arrays.stream(logged.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> line.contains("\"_aws\"")).toList();
        assertThat(docs).hasSize(1);
        return MAPPER.readTree(docs.get(0));
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("account", "xy12345");
        p.setProperty("user", "TWT_REFRESH");
        p.setProperty("password", "stand-in");
        p.setProperty("db", "TWT_DB");
        p.setProperty("schema", "PUBLIC");
        p.setProperty("warehouse", "TWT_WH");
        p.setProperty("role", "TWT_ROLE");
        p.setProperty("loginTimeout", "10");
        p.setProperty("disablePlatformDetection", "true");
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return DriverManager.getConnection("jdbc:snowflake://127.0.0.1:" + snowflake.port() + "/?ssl=off", p);
    }

    /** The rendered refresh less the compliance statements, which run only when it has compliance lines. */
    private static List<String> statementsWithoutCompliance() {
        RefreshScript script = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        assertThat(script.compliance()).hasSize(8);
        return script.steps().stream().filter(step -> !script.compliance().contains(step))
                .flatMap(step -> SqlScript.statements(step.sql()).stream()).toList();
    }

    /** The sqlText of every query request the driver sent, in order. */
    private List<String> sentStatements() {
        return snowflake.findAll(postRequestedFor(urlPathEqualTo(QUERY))).stream()
                .map(LoggedRequest::getBodyAsString)
                .map(body -> {
                    try {
                        return MAPPER.readTree(body).get("sqlText").asText();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    private void answer(String statementStart, int statementTypeId, String rowtype, String... row) {
        StringBuilder values = new StringBuilder();
        for (String v : row) {
            values.append(values.length() == 0 ? "" : ",").append('"').append(v).append('"');
        }
        snowflake.stubFor(post(urlPathEqualTo(QUERY)).withRequestBody(containing("\"sqlText\":\"" + statementStart)).willReturn(json(
                "{\"success\": true, \"code\": null, \"message\": null, \"data\": {\"parameters\": [],"
                        + " \"queryId\": \"01b2c3d4-0000-0001-0000-00000000" + String.format("%04d", Math.abs(statementStart.hashCode()) % 10_000) + "\","
                        + " \"queryResultFormat\": \"json\", \"rowtype\": [" + rowtype + "], \"rowset\": [[" + values + "]],"
                        + " \"total\": 1, \"returned\": 1, \"statementTypeId\": " + statementTypeId + ", \"version\": 1,"
                        + " \"finalDatabaseName\": \"TWT_DB\", \"finalSchemaName\": \"PUBLIC\", \"finalWarehouseName\": \"TWT_WH\","
                        + " \"finalRoleName\": \"TWT_ROLE\"}}")));
    }

    private static String column(String name, String type) {
        return "{\"name\": \"" + name + "\", \"database\": \"\", \"schema\": \"\", \"table\": \"\", \"type\": \"" + type + "\","
                + " \"precision\": " + (type.equals("fixed") ? 19 : "null") + ", \"scale\": " + (type.equals("fixed") ? 0 : "null")
                + ", \"nullable\": false, \"byteLength\": null, \"length\": null, \"collation\": null}";
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
