package io.twt.xsecret;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.twt.stream.StderrCapture;
import io.twt.stream.x.XCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class SecretsManagerCredentialsIT {

    private static final String TARGET = "secretsmanager.GetSecretValue";

    private WireMockServer server;
    private SecretsManagerClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        client = SecretsManagerClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private void secretIs(String secretJson) throws Exception {
        String body = new ObjectMapper().createObjectNode()
                .put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:twt/x")
                .put("Name", "twt/x").put("VersionId", "v1").put("SecretString", secretJson).toString();
        server.stubFor(post("/").withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    @Test
    void readsTheBearerTokenOnceAndAgainOnRefreshWithoutLoggingIt() throws Exception {
        secretIs("{\"bearer_token\":\"AAAA-bearer-s3cr3t\"}");
        SecretsManagerCredentials credentials = new SecretsManagerCredentials(client, "twt/x", new ObjectMapper());
        try (StderrCapture log = new StderrCapture()) {
            assertThat(credentials.current().bearerToken()).isEqualTo("AAAA-bearer-s3cr3t");
            assertThat(credentials.current().bearerToken()).isEqualTo("AAAA-bearer-s3cr3t");
            server.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET)));

            credentials.refresh();
            server.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(equalTo("{\"SecretId\":\"twt/x\"}")));
            assertThat(log.text()).contains("read X credentials from secret twt/x").doesNotContain("s3cr3t");
            assertThat(credentials.current().toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void readsTheOAuth1KeysAndRefusesASecretWithNeither() throws Exception {
        secretIs("{\"consumer_key\":\"ck\",\"consumer_secret\":\"cs\",\"access_token\":\"at\",\"access_token_secret\":\"ats\"}");
        XCredentials c = new SecretsManagerCredentials(client, "twt/x", new ObjectMapper()).current();
        assertThat(c).isEqualTo(new XCredentials(null, "ck", "cs", "at", "ats"));

        secretIs("not json: s3cr3t");
        assertThatThrownBy(() -> new SecretsManagerCredentials(client, "twt/x", new ObjectMapper()).current())
                .hasMessageContaining("not a JSON object").hasMessageNotContaining("s3cr3t");
    }
}
