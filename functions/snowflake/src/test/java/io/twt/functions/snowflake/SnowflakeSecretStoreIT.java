package io.twt.functions.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The secret through the real SDK client, against a loopback Secrets Manager. */
class SnowflakeSecretStoreIT {

    private final SecretsManagerStandIn secretsManager = new SecretsManagerStandIn();

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void theSecretIsReadOnceAndKept() {
        secretsManager.answer(Secrets.json());
        SnowflakeSecretStore store = new SnowflakeSecretStore(secretsManager.client(), SecretsManagerStandIn.SECRET_ID);

        SnowflakeSecret first = store.current();
        SnowflakeSecret again = store.current();
        store.current();

        assertThat(secretsManager.reads()).isEqualTo(1);
        assertThat(again).isSameAs(first);
        assertThat(first.warehouse()).isEqualTo("TWT_WH");
        assertThat(TestKeys.signsFor(first.privateKey(), TestKeys.RSA.getPublic())).isTrue();
    }

    @Test
    void reloadReadsTheRotatedValueAndKeepsIt() {
        Map<String, Object> rotated = Secrets.fields();
        rotated.put("warehouse", "twt_wh_2");
        secretsManager.answerThenRotate(Secrets.json(), Secrets.json(rotated));
        SnowflakeSecretStore store = new SnowflakeSecretStore(secretsManager.client(), SecretsManagerStandIn.SECRET_ID);

        assertThat(store.current().warehouse()).isEqualTo("TWT_WH");
        assertThat(store.reload().warehouse()).isEqualTo("TWT_WH_2");
        assertThat(store.current().warehouse()).isEqualTo("TWT_WH_2");
        assertThat(secretsManager.reads()).isEqualTo(2);
    }

    @Test
    void aServiceErrorNamesTheSecretAndTheErrorCode() {
        secretsManager.fail(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        SnowflakeSecretStore store = new SnowflakeSecretStore(secretsManager.client(), SecretsManagerStandIn.SECRET_ID);

        assertThatThrownBy(store::current)
                .isInstanceOf(SnowflakeSecretException.class)
                .hasMessageStartingWith("reading the Snowflake secret " + SecretsManagerStandIn.SECRET_ID
                        + " from Secrets Manager failed (ResourceNotFoundException): Secrets Manager can't find the specified secret.")
                .hasCauseInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anUnreachableEndpointIsReportedAsAReadFailure() {
        Map<String, String> env = secretsManager.environment();
        secretsManager.close();
        SnowflakeSecretStore store = new SnowflakeSecretStore(
                SnowflakeSecretStore.client(env, SecretsManagerStandIn.CREDENTIALS), SecretsManagerStandIn.SECRET_ID);

        assertThatThrownBy(store::current)
                .isInstanceOf(SnowflakeSecretException.class)
                .hasMessageStartingWith("reading the Snowflake secret " + SecretsManagerStandIn.SECRET_ID + " from Secrets Manager failed: ");
    }

    @Test
    void anUnusableSecretIsNamedWithTheProblemAndWithoutTheKey() {
        Map<String, Object> fields = Secrets.fields();
        fields.remove("warehouse");
        secretsManager.answer(Secrets.json(fields));
        SnowflakeSecretStore store = new SnowflakeSecretStore(secretsManager.client(), SecretsManagerStandIn.SECRET_ID);

        assertThatThrownBy(store::current)
                .isInstanceOf(SnowflakeSecretException.class)
                .hasMessage("the Snowflake secret " + SecretsManagerStandIn.SECRET_ID + " is unusable: missing field: warehouse")
                .hasNoCause();
    }

    @Test
    void aBinarySecretIsRefused() {
        secretsManager.server.stubFor(SecretsManagerStandIn.getSecretValue().willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ARN\": \"" + SecretsManagerStandIn.SECRET_ID + "\", \"SecretBinary\": \"AAEC\"}")));
        SnowflakeSecretStore store = new SnowflakeSecretStore(secretsManager.client(), SecretsManagerStandIn.SECRET_ID);

        assertThatThrownBy(store::current)
                .isInstanceOf(SnowflakeSecretException.class)
                .hasMessage("the Snowflake secret " + SecretsManagerStandIn.SECRET_ID + " has no SecretString (binary secrets are not supported)");
    }

    @Test
    void aMissingRegionIsNamed() {
        Map<String, String> env = secretsManager.environment();
        env.remove("AWS_REGION");
        assertThatThrownBy(() -> SnowflakeSecretStore.client(env, SecretsManagerStandIn.CREDENTIALS))
                .hasMessage("AWS_REGION is not set");
    }
}
