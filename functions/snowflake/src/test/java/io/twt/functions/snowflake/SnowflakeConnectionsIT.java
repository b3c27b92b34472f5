package io.twt.functions.snowflake;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.PKCS8Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection source as the functions build it ({@link SnowflakeConnections#fromEnvironment}),
 * with the real Snowflake JDBC driver 4.4.1 and the real Secrets Manager client, both talking to
 * loopback stand-ins.
 */
class SnowflakeConnectionsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SecretsManagerStandIn secretsManager = new SecretsManagerStandIn();
    private final SnowflakeStandIn snowflake = new SnowflakeStandIn();

    @AfterEach
    void stop() {
        secretsManager.close();
        snowflake.close();
    }

    private SnowflakeConnections connections(String... extraEnv) {
        Map<String, String> env = secretsManager.environment();
        env.put("SNOWFLAKE_URL", snowflake.url());
        // Generous: the first login in this JVM warms up the driver, seconds on a busy machine.
        env.put("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "15");
        for (int i = 0; i < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        return SnowflakeConnections.fromEnvironment(env, SecretsManagerStandIn.CREDENTIALS);
    }

    @Test
    void theDriverLogsInWithAKeyPairJwtAndTheLambdaSettings() throws Exception {
        String encryptedPem = TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC);
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", encryptedPem);
        fields.put("private_key_passphrase", Secrets.PASSPHRASE);
        secretsManager.answer(Secrets.json(fields));

        try (SnowflakeConnections connections = connections();
                Statement statement = connections.connection().createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }

        LoggedRequest request = logins().get(0);
        JsonNode data = MAPPER.readTree(request.getBodyAsString()).path("data");
        assertThat(data.path("AUTHENTICATOR").asText()).isEqualTo("SNOWFLAKE_JWT");
        assertThat(data.path("LOGIN_NAME").asText()).isEqualTo("twt_loader");
        assertThat(data.path("ACCOUNT_NAME").asText()).isEqualTo("myorg-myaccount");
        assertThat(data.path("PASSWORD").isMissingNode()).isTrue();

        JsonNode claims = verifiedJwtClaims(data.path("TOKEN").asText(), TestKeys.RSA.getPublic());
        assertThat(claims.path("sub").asText()).isEqualTo("MYORG-MYACCOUNT.TWT_LOADER");
        assertThat(claims.path("iss").asText()).isEqualTo("MYORG-MYACCOUNT.TWT_LOADER." + fingerprint(TestKeys.RSA.getPublic()));
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(60);

        assertThat(data.path("SESSION_PARAMETERS").path("JDBC_QUERY_RESULT_FORMAT").asText()).isEqualTo("JSON");
        assertThat(data.path("SESSION_PARAMETERS").path("TIMEZONE").asText()).isEqualTo("UTC");
        JsonNode environment = data.path("CLIENT_ENVIRONMENT");
        assertThat(environment.path("APPLICATION").asText()).isEqualTo("twt");
        assertThat(environment.path("disablePlatformDetection").asText()).isEqualTo("true");
        assertThat(environment.path("loginTimeout").asText()).isEqualTo("15");
        assertThat(environment.path("networkTimeout").asText()).isEqualTo("60000");
        assertThat(environment.path("queryTimeout").asText()).isEqualTo("240");
        assertThat(environment.path("privateKey").asText()).isEqualTo("****");

        assertThat(request.queryParameter("databaseName").firstValue()).isEqualTo("TWT_DB");
        assertThat(request.queryParameter("schemaName").firstValue()).isEqualTo("PUBLIC");
        assertThat(request.queryParameter("warehouse").firstValue()).isEqualTo("TWT_WH");
        assertThat(request.queryParameter("roleName").firstValue()).isEqualTo("TWT_ROLE");

        assertThat(request.getBodyAsString()).doesNotContain(Secrets.PASSPHRASE);
        for (String line : TestKeys.bodyLines(encryptedPem)) {
            assertThat(request.getBodyAsString()).doesNotContain(line);
        }
        for (String line : TestKeys.bodyLines(TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate()))) {
            assertThat(request.getBodyAsString()).doesNotContain(line);
        }
    }

    @Test
    void theConnectionIsReusedWhileItAnswersAndTheSecretIsReadOnce() throws Exception {
        secretsManager.answer(Secrets.json());
        try (SnowflakeConnections connections = connections()) {
            Connection first = connections.connection();
            Connection second = connections.connection();
            Connection third = connections.connection();

            assertThat(second).isSameAs(first);
            assertThat(third).isSameAs(first);
            assertThat(logins()).hasSize(1);
            assertThat(snowflake.server.countRequestsMatching(postRequestedFor(urlPathEqualTo(SnowflakeStandIn.HEARTBEAT)).build()).getCount())
                    .as("one isValid check per reuse").isEqualTo(2);
            assertThat(secretsManager.reads()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatNoLongerAnswersIsReplacedWithoutReadingTheSecretAgain() throws Exception {
        secretsManager.answer(Secrets.json());
        try (SnowflakeConnections connections = connections()) {
            Connection first = connections.connection();
            snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.HEARTBEAT)).willReturn(SnowflakeStandIn.json(
                    "{\"success\": false, \"code\": \"390111\", \"message\": \"Session no longer exists.  New login required to access the service.\", \"data\": null}")));

            Connection second = connections.connection();

            assertThat(second).isNotSameAs(first);
            awaitClosed(first);
            assertThat(second.isClosed()).isFalse();
            assertThat(logins()).hasSize(2);
            assertThat(secretsManager.reads()).isEqualTo(1);
            try (Statement statement = second.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void aRefusedKeyMakesTheSecretBeReadAgainAndTheRotatedKeyIsUsed() throws Exception {
        KeyPair rotatedKey = TestKeys.generate("RSA", 2048);
        Map<String, Object> rotated = Secrets.fields();
        rotated.put("private_key", TestKeys.pkcs8Pem(rotatedKey.getPrivate()));
        secretsManager.answerThenRotate(Secrets.json(), Secrets.json(rotated));
        snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.LOGIN)).inScenario("rotation").whenScenarioStateIs(STARTED)
                .willReturn(SnowflakeStandIn.json(SnowflakeStandIn.JWT_REFUSED)).willSetStateTo("rotated"));
        snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.LOGIN)).inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(SnowflakeStandIn.json(SnowflakeStandIn.LOGIN_OK)));

        try (SnowflakeConnections connections = connections()) {
            assertThat(connections.connection().isClosed()).isFalse();
        }

        List<LoggedRequest> logins = logins();
        assertThat(logins).hasSize(2);
        assertThat(secretsManager.reads()).isEqualTo(2);
        verifiedJwtClaims(MAPPER.readTree(logins.get(0).getBodyAsString()).path("data").path("TOKEN").asText(), TestKeys.RSA.getPublic());
        JsonNode second = verifiedJwtClaims(MAPPER.readTree(logins.get(1).getBodyAsString()).path("data").path("TOKEN").asText(), rotatedKey.getPublic());
        assertThat(second.path("iss").asText()).endsWith(fingerprint(rotatedKey.getPublic()));
    }

    @Test
    void aRefusedKeyThatWasNotRotatedFailsWithSnowflakesReasonAndWithoutASecondLogin() {
        secretsManager.answer(Secrets.json());
        snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.LOGIN)).willReturn(SnowflakeStandIn.json(SnowflakeStandIn.JWT_REFUSED)));

        try (SnowflakeConnections connections = connections()) {
            assertThatThrownBy(connections::connection)
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(390144);
                        assertThat(e.getSQLState()).isEqualTo("08001");
                    })
                    .hasMessageStartingWith("Snowflake login to account myorg-myaccount as twt_loader failed after ")
                    .hasMessageEndingWith(" ms: JWT token is invalid. [6b3c9f0e-0000-4000-8000-000000000000]");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(logins()).hasSize(1);
        assertThat(secretsManager.reads()).isEqualTo(2);
    }

    @Test
    void aLoginThatHangsIsGivenUpAfterTheLoginTimeout() {
        secretsManager.answer(Secrets.json());
        snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.LOGIN)).willReturn(SnowflakeStandIn.json(SnowflakeStandIn.LOGIN_OK).withFixedDelay(15_000)));

        try (SnowflakeConnections connections = connections("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "2")) {
            long started = System.nanoTime();
            assertThatThrownBy(connections::connection)
                    .isInstanceOf(SQLTimeoutException.class)
                    .hasMessageStartingWith("Snowflake login to account myorg-myaccount as twt_loader failed after ")
                    .hasMessageEndingWith(" ms: no answer within the login timeout of 2 s");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(elapsedMillis).isBetween(2_000L, 4_000L);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnreachableSnowflakeFailsWithinTheLoginTimeout() throws IOException {
        secretsManager.answer(Secrets.json());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        try (SnowflakeConnections connections = connections("SNOWFLAKE_URL", "http://127.0.0.1:" + closedPort, "SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "2")) {
            long started = System.nanoTime();
            assertThatThrownBy(connections::connection)
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("Snowflake login to account myorg-myaccount as twt_loader failed after ");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000L);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBadSecretFailsBeforeAnyLogin() throws SQLException {
        Map<String, Object> fields = Secrets.fields();
        fields.put("database", "twt-db");
        secretsManager.answer(Secrets.json(fields));

        try (SnowflakeConnections connections = connections()) {
            assertThatThrownBy(connections::connection)
                    .isInstanceOf(SnowflakeSecretException.class)
                    .hasMessage("the Snowflake secret " + SecretsManagerStandIn.SECRET_ID + " is unusable: database \"twt-db\" is not a valid"
                            + " unquoted Snowflake identifier: only letters (A-Z, a-z), digits, '_' and '$' are allowed; '-' at position 4 is not");
        }
        assertThat(logins()).isEmpty();
    }

    @Test
    void closeEndsTheSessionAndTheSourceRefusesFurtherUse() throws SQLException {
        secretsManager.answer(Secrets.json());
        SnowflakeConnections connections = connections();
        Connection connection = connections.connection();

        connections.close();

        assertThat(connection.isClosed()).isTrue();
        assertThat(snowflake.server.findAll(postRequestedFor(urlPathEqualTo(SnowflakeStandIn.SESSION))
                .withQueryParam("delete", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))).hasSize(1);
        assertThatThrownBy(connections::connection).isInstanceOf(SQLException.class).hasMessage("the Snowflake connection source is closed");
    }

    /** The replaced connection is logged out in the background; give it a few seconds. */
    private static void awaitClosed(Connection connection) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!connection.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(connection.isClosed()).as("the replaced connection is closed").isTrue();
    }

    private List<LoggedRequest> logins() {
        return snowflake.server.findAll(postRequestedFor(urlPathEqualTo(SnowflakeStandIn.LOGIN)));
    }

    /** The JWT's claims, after checking its RS256 signature against {@code publicKey}. */
    private static JsonNode verifiedJwtClaims(String jwt, PublicKey publicKey) throws IOException, GeneralSecurityException {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        Base64.Decoder base64url = Base64.getUrlDecoder();
        assertThat(MAPPER.readTree(base64url.decode(parts[0])).path("alg").asText()).isEqualTo("RS256");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(base64url.decode(parts[2]))).as("JWT signature verifies with the expected public key").isTrue();
        return MAPPER.readTree(base64url.decode(parts[1]));
    }

    /** Snowflake's public key fingerprint: SHA256: and the base64 SHA-256 of the DER public key. */
    private static String fingerprint(PublicKey publicKey) throws GeneralSecurityException {
        return "SHA256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    }
}
