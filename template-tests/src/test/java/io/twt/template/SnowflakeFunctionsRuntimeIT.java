package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twt.template.LambdaEnvironment.InitializationType;
import io.twt.template.LambdaEnvironment.RoleCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Refresh and Bootstrap handlers from their function.jar files, with the snowflake-jdbc layer,
 * under the real Lambda runtime client in a child JVM with Lambda's environment: each reads the
 * Snowflake secret from a loopback Secrets Manager with the credentials Lambda provides (the
 * access-key variables on demand, as the template deploys them; the container endpoint under
 * SnapStart), then fails at the login to a loopback Snowflake that refuses the key. The failure
 * each reports must be about Snowflake: nothing before the login may fail for want of credentials.
 */
class SnowflakeFunctionsRuntimeIT {

    private static final Template TEMPLATE = Repository.template();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:twt/snowflake-AbCdEf";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String JWT_REFUSED =
            "{\"success\": false, \"code\": \"390144\", \"message\": \"JWT token is invalid.\", \"data\": null}";
    private static final String LOGIN_FAILED = "Snowflake login to account myorg-myaccount as twt_loader failed";

    @TempDir
    static Path layout;
    private static Path refreshTask;
    private static Path bootstrapTask;
    private static String privateKeyPem;

    @TempDir
    Path work;

    private LoopbackServer secretsManager;
    private LoopbackServer snowflake;
    private LoopbackServer cloudFormation;

    @BeforeAll
    static void layOut() throws GeneralSecurityException {
        refreshTask = FunctionProcess.layOut(TEMPLATE, "RefreshFunction", layout);
        bootstrapTask = FunctionProcess.layOut(TEMPLATE, "BootstrapFunction", layout);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        privateKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void standIns() {
        String secret = json(Map.of("account", "myorg-myaccount", "user", "twt_loader", "role", "twt_role", "warehouse", "twt_wh",
                "database", "twt_db", "schema", "public", "private_key", privateKeyPem));
        secretsManager = new LoopbackServer("secrets-manager", request -> {
            if (!"secretsmanager.GetSecretValue".equals(request.header("X-Amz-Target"))) {
                return LoopbackServer.Response.json(400, "{\"__type\":\"UnknownOperationException\"}", "application/x-amz-json-1.1");
            }
            return LoopbackServer.Response.json(200, json(Map.of("ARN", SECRET_ARN, "Name", "twt/snowflake", "SecretString", secret,
                    "VersionId", "00000000-0000-4000-8000-000000000001", "VersionStages", List.of("AWSCURRENT"))), "application/x-amz-json-1.1");
        });
        snowflake = new LoopbackServer("snowflake", request -> request.path().equals("/session/v1/login-request")
                ? LoopbackServer.Response.json(200, JWT_REFUSED, "application/json")
                : LoopbackServer.Response.json(200, "{\"success\": true, \"data\": null}", "application/json"));
        cloudFormation = new LoopbackServer("cloudformation-response", request -> LoopbackServer.Response.of(200));
    }

    @AfterEach
    void closeStandIns() {
        secretsManager.close();
        snowflake.close();
        cloudFormation.close();
    }

    @Test
    void refreshReadsItsSecretWithSnapStartContainerCredentialsAndFailsOnlyAtTheSnowflakeLogin() {
        refreshFailsOnlyAtTheSnowflakeLogin(InitializationType.SNAP_START,
                new RoleCredentials("ASIAREFRESHSNAPSTART", "refresh-snap-start-secret", "refresh-snap-start-token"));
    }

    @Test
    void refreshReadsItsSecretWithOnDemandEnvironmentCredentialsAndFailsOnlyAtTheSnowflakeLogin() {
        refreshFailsOnlyAtTheSnowflakeLogin(InitializationType.ON_DEMAND,
                new RoleCredentials("ASIAREFRESHONDEMAND1", "refresh-on-demand-secret", "refresh-on-demand-token"));
    }

    @Test
    void bootstrapReadsItsSecretWithSnapStartContainerCredentialsAndAnswersFailedAboutSnowflake() {
        bootstrapAnswersFailedAboutSnowflake(InitializationType.SNAP_START,
                new RoleCredentials("ASIABOOTSTRAPSNAPST1", "bootstrap-snap-start-secret", "bootstrap-snap-start-token"));
    }

    @Test
    void bootstrapReadsItsSecretWithOnDemandEnvironmentCredentialsAndAnswersFailedAboutSnowflake() {
        bootstrapAnswersFailedAboutSnowflake(InitializationType.ON_DEMAND,
                new RoleCredentials("ASIABOOTSTRAPONDEMD1", "bootstrap-on-demand-secret", "bootstrap-on-demand-token"));
    }

    private void refreshFailsOnlyAtTheSnowflakeLogin(InitializationType type, RoleCredentials credentials) {
        try (FunctionProcess refresh = start("RefreshFunction", refreshTask, type, credentials)) {
            RuntimeApiStandIn.Outcome outcome = refresh.invoke(Repository.read("events/schedule.json"), WAIT);

            assertThat(outcome.kind()).as("outcome %s; the function's log:%n%s", outcome, refresh.log())
                    .isEqualTo(RuntimeApiStandIn.Outcome.Kind.ERROR);
            JsonNode error = parse(outcome.body());
            assertThat(error.path("errorType").asText()).isEqualTo("io.twt.functions.refresh.RefreshFailedException");
            assertAboutTheSnowflakeLogin(error.path("errorMessage").asText());
            assertSecretReadWith(credentials, refresh);
            assertNoSecretIn(refresh.log(), credentials);
        }
    }

    private void bootstrapAnswersFailedAboutSnowflake(InitializationType type, RoleCredentials credentials) {
        ObjectNode event = (ObjectNode) parse(Repository.read("events/cfn-create.json"));
        event.put("ResponseURL", cloudFormation.url() + "/response/SnowflakeObjects?X-Amz-Signature=0123456789abcdef");
        try (FunctionProcess bootstrap = start("BootstrapFunction", bootstrapTask, type, credentials)) {
            RuntimeApiStandIn.Outcome outcome = bootstrap.invoke(event.toString(), WAIT);

            assertThat(outcome.kind()).as("outcome %s; the function's log:%n%s", outcome, bootstrap.log())
                    .isEqualTo(RuntimeApiStandIn.Outcome.Kind.RESPONSE);
            assertThat(cloudFormation.requests()).as("answers PUT to the ResponseURL").singleElement().satisfies(answer -> {
                assertThat(answer.method()).isEqualTo("PUT");
                assertThat(answer.path()).isEqualTo("/response/SnowflakeObjects");
                JsonNode response = parse(answer.text());
                assertThat(response.path("Status").asText()).isEqualTo("FAILED");
                assertThat(response.path("RequestId").asText()).isEqualTo(event.path("RequestId").asText());
                assertThat(response.path("PhysicalResourceId").asText()).isEqualTo("twt-snowflake-create-failed-" + event.path("RequestId").asText());
                assertAboutTheSnowflakeLogin(response.path("Reason").asText());
                assertNoSecretIn(answer.text(), credentials);
            });
            assertSecretReadWith(credentials, bootstrap);
            assertNoSecretIn(bootstrap.log(), credentials);
        }
    }

    private FunctionProcess start(String function, Path task, InitializationType type, RoleCredentials credentials) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("SNOWFLAKE_SECRET_ARN", SECRET_ARN);
        configuration.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.url());
        configuration.put("SNOWFLAKE_URL", snowflake.url());
        configuration.put("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "10");
        return FunctionProcess.start(TEMPLATE, function, task, type, credentials, REGION, configuration, work);
    }

    /** The login was refused by (the stand-in of) Snowflake, and nothing is said of AWS credentials. */
    private static void assertAboutTheSnowflakeLogin(String failure) {
        assertThat(failure).contains(LOGIN_FAILED, "JWT token is invalid").doesNotContainIgnoringCase("credentials");
    }

    /**
     * The secret was read (again after the refused key, in case it had been rotated) in requests
     * signed with the role's credentials; under SnapStart those came from the container endpoint,
     * asked once with its token.
     */
    private void assertSecretReadWith(RoleCredentials credentials, FunctionProcess function) {
        assertThat(secretsManager.requests()).as("GetSecretValue requests").hasSize(2).allSatisfy(request ->
                assertThat(parse(request.text()).path("SecretId").asText()).isEqualTo(SECRET_ARN));
        SigV4.assertSignedWith("Secrets Manager", secretsManager.requests(), credentials, "secretsmanager");
        if (function.containerAuthorizationToken() != null) {
            assertThat(function.credentialRequests()).as("requests to the container-credentials endpoint").singleElement()
                    .satisfies(request -> assertThat(request.header("Authorization")).as("%s carries AWS_CONTAINER_AUTHORIZATION_TOKEN", request)
                            .isEqualTo(function.containerAuthorizationToken()));
        }
        assertThat(snowflake.requests()).as("requests to Snowflake").anyMatch(request -> request.path().equals("/session/v1/login-request"));
    }

    private static void assertNoSecretIn(String text, RoleCredentials credentials) {
        String keyBody = privateKeyPem.lines().skip(1).findFirst().orElseThrow();
        assertThat(text).doesNotContain(credentials.secretAccessKey(), credentials.sessionToken(), keyBody);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
