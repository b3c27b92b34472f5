package io.twt.functions.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.SqlCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh task's CREATE statement through the real Snowflake JDBC driver, against a loopback
 * stand-in for Snowflake's endpoints: the driver does not split a statement at the semicolons of
 * its Snowflake Scripting body (only Snowflake CLI, the Classic Console and the Python connector's
 * execute_stream/execute_string need the {@code $$} delimiters,
 * https://docs.snowflake.com/en/developer-guide/snowflake-scripting/running-examples), so the whole
 * CREATE TASK … AS BEGIN … END reaches Snowflake as one request, exactly as written.
 */
class RefreshTaskDriverIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUERY = "/queries/v1/query-request";
    private static final String LOGIN_OK = """
            {"success": true, "code": null, "message": null, "data": {
              "token": "session-token", "masterToken": "master-token",
              "validityInSeconds": 3600, "masterValidityInSeconds": 14400,
              "serverVersion": "9.40.0", "sessionId": 1001, "healthCheckInterval": 45,
              "sessionInfo": {"databaseName": "TWT_DB", "schemaName": "TWT", "warehouseName": "TWT_WH", "roleName": "TWT_SERVICE_ROLE"},
              "parameters": [{"name": "AUTOCOMMIT", "value": true}, {"name": "TIMEZONE", "value": "UTC"}, {"name": "CLIENT_TELEMETRY_ENABLED", "value": false}]}}
            """;
    private static final String TASK_CREATED = """
            {"success": true, "code": null, "message": null, "data": {"parameters": [],
              "queryId": "01b2c3d4-0000-0001-0000-000000000042", "queryResultFormat": "json",
              "rowtype": [{"name": "status", "database": "", "schema": "", "table": "", "type": "text", "precision": null,
                           "scale": null, "nullable": false, "byteLength": null, "length": null, "collation": null}],
              "rowset": [["Task TWT_REFRESH_TASK successfully created."]], "total": 1, "returned": 1,
              "statementTypeId": 24576, "version": 1}}
            """;

    private final WireMockServer snowflake = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    @BeforeEach
    void start() {
        snowflake.start();
        snowflake.stubFor(post(anyUrl()).atPriority(10).willReturn(json("{\"success\": true, \"code\": null, \"message\": null, \"data\": null}")));
        snowflake.stubFor(post(urlPathEqualTo("/session/v1/login-request")).willReturn(json(LOGIN_OK)));
        snowflake.stubFor(post(urlPathEqualTo(QUERY)).willReturn(json(TASK_CREATED)));
    }

    @AfterEach
    void stop() {
        snowflake.stop();
    }

    @Test
    void theCreateTaskStatementWithItsScriptingBlockIsOneRequestAsWritten() throws Exception {
        String block = new SqlCatalogue(Dialect.SNOWFLAKE).script().taskBlock();
        String create = new SnowflakeBootstrapSql().createTask(block, "\"TWT_TASK_ERRORS\"", "twt: the refresh");
        assertThat(create.chars().filter(c -> c == ';').count()).as("the block's own semicolons").isGreaterThan(8);

        try (Connection connection = connect(); Statement s = connection.createStatement()) {
            snowflake.resetRequests();
            s.execute(create);
        }

        List<String> sent = snowflake.findAll(postRequestedFor(urlPathEqualTo(QUERY))).stream()
                .map(request -> {
                    try {
                        return MAPPER.readTree(request.getBodyAsString()).get("sqlText").asText();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
        assertThat(sent).containsExactly(create);
    }

    private Connection connect() throws Exception {
        Properties p = new Properties();
        p.setProperty("account", "xy12345");
        p.setProperty("user", "TWT_SERVICE");
        p.setProperty("password", "stand-in");
        p.setProperty("db", "TWT_DB");
        p.setProperty("schema", "TWT");
        p.setProperty("role", "TWT_SERVICE_ROLE");
        p.setProperty("loginTimeout", "10");
        p.setProperty("disablePlatformDetection", "true");
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return DriverManager.getConnection("jdbc:snowflake://127.0.0.1:" + snowflake.port() + "/?ssl=off", p);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
