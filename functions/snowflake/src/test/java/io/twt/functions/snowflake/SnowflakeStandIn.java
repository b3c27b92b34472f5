package io.twt.functions.snowflake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

/**
 * A loopback stand-in for Snowflake's REST endpoints, just enough for the real driver to log in,
 * run one query, check its session and log out.
 */
final class SnowflakeStandIn implements AutoCloseable {

    static final String LOGIN = "/session/v1/login-request";
    static final String QUERY = "/queries/v1/query-request";
    static final String HEARTBEAT = "/session/heartbeat";
    static final String SESSION = "/session";

    static final String LOGIN_OK = """
            {"success": true, "code": null, "message": null, "data": {
              "token": "session-token", "masterToken": "master-token",
              "validityInSeconds": 3600, "masterValidityInSeconds": 14400,
              "serverVersion": "9.40.0", "sessionId": 1001, "healthCheckInterval": 45,
              "sessionInfo": {"databaseName": "TWT_DB", "schemaName": "PUBLIC", "warehouseName": "TWT_WH", "roleName": "TWT_ROLE"},
              "parameters": [{"name": "AUTOCOMMIT", "value": true}, {"name": "TIMEZONE", "value": "UTC"}, {"name": "CLIENT_TELEMETRY_ENABLED", "value": false}]}}
            """;

    static final String JWT_REFUSED = """
            {"success": false, "code": "390144", "message": "JWT token is invalid. [6b3c9f0e-0000-4000-8000-000000000000]", "data": null}
            """;

    static final String SELECT_ONE = """
            {"success": true, "code": null, "message": null, "data": {
              "parameters": [], "queryId": "01b2c3d4-0000-0001-0000-000000000001", "queryResultFormat": "json",
              "rowtype": [{"name": "1", "database": "", "schema": "", "table": "", "type": "fixed",
                           "precision": 1, "scale": 0, "nullable": false, "byteLength": null, "length": null, "collation": null}],
              "rowset": [["1"]], "total": 1, "returned": 1, "statementTypeId": 4096, "version": 1,
              "finalDatabaseName": "TWT_DB", "finalSchemaName": "PUBLIC", "finalWarehouseName": "TWT_WH", "finalRoleName": "TWT_ROLE"}}
            """;

    static final String OK = "{\"success\": true, \"code\": null, \"message\": null, \"data\": null}";

    final WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    SnowflakeStandIn() {
        server.start();
        // Anything else the driver may send (telemetry, logout) just succeeds.
        server.stubFor(post(anyUrl()).atPriority(10).willReturn(json(OK)));
        server.stubFor(post(urlPathEqualTo(LOGIN)).willReturn(json(LOGIN_OK)));
        server.stubFor(post(urlPathEqualTo(QUERY)).willReturn(json(SELECT_ONE)));
        server.stubFor(post(urlPathEqualTo(HEARTBEAT)).willReturn(json(OK)));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
