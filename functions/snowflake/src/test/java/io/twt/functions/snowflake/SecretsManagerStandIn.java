package io.twt.functions.snowflake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A loopback Secrets Manager answering GetSecretValue (AWS JSON 1.1 protocol) for one secret. */
final class SecretsManagerStandIn implements AutoCloseable {

    static final String SECRET_ID = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:twt/snowflake-AbCdEf";
    static final String TARGET = "secretsmanager.GetSecretValue";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "test-secret-access-key"));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());

    SecretsManagerStandIn() {
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The environment a function would have, pointing at this stub. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint());
        env.put("SNOWFLAKE_SECRET_ARN", SECRET_ID);
        return env;
    }

    SecretsManagerClient client() {
        return SnowflakeSecretStore.client(environment(), CREDENTIALS);
    }

    /** Every GetSecretValue for the secret answers {@code secretString}. */
    void answer(String secretString) {
        server.stubFor(getSecretValue().willReturn(secretValue(secretString)));
    }

    /** The first GetSecretValue answers {@code first}, later ones {@code then}: a rotation in between. */
    void answerThenRotate(String first, String then) {
        server.stubFor(getSecretValue().inScenario("rotation").whenScenarioStateIs(STARTED)
                .willReturn(secretValue(first)).willSetStateTo("rotated"));
        server.stubFor(getSecretValue().inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(secretValue(then)));
    }

    void fail(int status, String type, String message) {
        server.stubFor(getSecretValue().willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "00000000-0000-4000-8000-000000000001")
                .withBody(json(Map.of("__type", type, "Message", message)))));
    }

    int reads() {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET)).build()).getCount();
    }

    static MappingBuilder getSecretValue() {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(SECRET_ID)));
    }

    static ResponseDefinitionBuilder secretValue(String secretString) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ARN", SECRET_ID);
        body.put("Name", "twt/snowflake");
        body.put("VersionId", "a1b2c3d4-0000-4000-8000-000000000001");
        body.put("SecretString", secretString);
        body.put("VersionStages", new String[] {"AWSCURRENT"});
        body.put("CreatedDate", 1.7e9);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(json(body));
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
