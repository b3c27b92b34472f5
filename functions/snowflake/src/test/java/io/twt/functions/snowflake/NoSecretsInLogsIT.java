package io.twt.functions.snowflake;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.bouncycastle.openssl.PKCS8Generator;
import org.junit.jupiter.api.Test;

/**
 * Everything a run prints, through every channel (System.out and System.err, the AWS SDK's SLF4J
 * logging at debug, the driver's java.util.logging at its finest level), for a run that works and
 * for runs that fail, holds no line of the key and not the passphrase.
 */
class NoSecretsInLogsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void noKeyMaterialOrPassphraseIsEverPrinted() throws Exception {
        String plainPem = TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate());
        String encryptedPem = TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC);
        Map<String, Object> encrypted = Secrets.fields();
        encrypted.put("private_key", encryptedPem);
        encrypted.put("private_key_passphrase", Secrets.PASSPHRASE);
        Map<String, Object> wrongPassphrase = Secrets.fields();
        wrongPassphrase.put("private_key", encryptedPem);
        wrongPassphrase.put("private_key_passphrase", Secrets.PASSPHRASE.toUpperCase());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        CapturingHandler julRecords = new CapturingHandler();
        Logger root = Logger.getLogger("");
        Logger driver = Logger.getLogger("net.snowflake");
        Level driverLevel = driver.getLevel();
        List<String> jwts = new ArrayList<>();
        System.setOut(capture);
        System.setErr(capture);
        root.addHandler(julRecords);
        driver.setLevel(Level.ALL);
        try (SecretsManagerStandIn secretsManager = new SecretsManagerStandIn(); SnowflakeStandIn snowflake = new SnowflakeStandIn()) {
            Map<String, String> env = secretsManager.environment();
            env.put("SNOWFLAKE_URL", snowflake.url());
            env.put("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "15");

            // 1. A run that works, with the encrypted key.
            secretsManager.answer(Secrets.json(encrypted));
            try (SnowflakeConnections connections = SnowflakeConnections.fromEnvironment(env, SecretsManagerStandIn.CREDENTIALS);
                    Statement statement = connections.connection().createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1")) {
                rows.next();
                System.out.println("secret in use: " + SnowflakeSecret.parse(Secrets.json(encrypted)));
            }

            // 2. Snowflake refuses the key: the failure is printed as Lambda would print it.
            snowflake.stub(post(urlPathEqualTo(SnowflakeStandIn.LOGIN)).willReturn(SnowflakeStandIn.json(SnowflakeStandIn.JWT_REFUSED)));
            runAndPrintFailure(env);

            // 3. The passphrase is wrong.
            secretsManager.answer(Secrets.json(wrongPassphrase));
            runAndPrintFailure(env);

            // 4. The secret is not JSON at all (a bare PEM pasted as the secret).
            secretsManager.answer(plainPem);
            runAndPrintFailure(env);

            // 5. Secrets Manager itself fails.
            secretsManager.fail(400, "AccessDeniedException", "User is not authorized to perform: secretsmanager:GetSecretValue");
            runAndPrintFailure(env);

            for (var login : snowflake.server.findAll(postRequestedFor(urlPathEqualTo(SnowflakeStandIn.LOGIN)))) {
                jwts.add(MAPPER.readTree(login.getBodyAsString()).path("data").path("TOKEN").asText());
            }
        } finally {
            driver.setLevel(driverLevel);
            root.removeHandler(julRecords);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }

        String everything = printed.toString(StandardCharsets.UTF_8) + julRecords.text();
        // The capture saw the runs: our lines, the SDK's debug lines, the driver's finest lines and each failure.
        assertThat(everything)
                .contains("snowflake: connected to myorg-myaccount as twt_loader")
                .contains("SnowflakeSecret[account=myorg-myaccount, user=twt_loader")
                .contains("secretsmanager.GetSecretValue")
                .contains("Authenticating user: twt_loader")
                .contains("JWT token is invalid.")
                .contains("private_key: wrong passphrase or corrupt key")
                .contains("is unusable: the secret is not valid JSON")
                .contains("AccessDeniedException");
        assertThat(jwts).hasSize(2);
        assertThat(everything).doesNotContain(Secrets.PASSPHRASE).doesNotContain(Secrets.PASSPHRASE.toUpperCase());
        for (String line : TestKeys.bodyLines(plainPem)) {
            assertThat(everything).doesNotContain(line);
        }
        for (String line : TestKeys.bodyLines(encryptedPem)) {
            assertThat(everything).doesNotContain(line);
        }
        for (String jwt : jwts) {
            assertThat(everything).as("the login JWT (a bearer credential for 60 s)").doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1));
        }
    }

    private static void runAndPrintFailure(Map<String, String> env) {
        try (SnowflakeConnections connections = SnowflakeConnections.fromEnvironment(env, SecretsManagerStandIn.CREDENTIALS)) {
            Connection connection = connections.connection();
            throw new AssertionError("expected a failure, got " + connection);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static final class CapturingHandler extends Handler {
        private final StringBuilder text = new StringBuilder();
        private final SimpleFormatter formatter = new SimpleFormatter();

        CapturingHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(formatter.format(record));
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
