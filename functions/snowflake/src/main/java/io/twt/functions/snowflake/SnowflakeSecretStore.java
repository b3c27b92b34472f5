package io.twt.functions.snowflake;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The Snowflake secret, read from Secrets Manager once per execution environment and kept parsed.
 * {@link #reload()} reads it again: after Snowflake refused the key, it may have been rotated.
 */
public final class SnowflakeSecretStore {

    static final String REGION_VARIABLE = "AWS_REGION";
    /** The SDK's own name for a Secrets Manager endpoint override; read here so it also works from a given map. */
    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SECRETS_MANAGER";

    private final SecretsManagerClient client;
    private final String secretId;
    private SnowflakeSecret cached;

    public SnowflakeSecretStore(SecretsManagerClient client, String secretId) {
        this.client = client;
        this.secretId = secretId;
    }

    /**
     * A Secrets Manager client on the url-connection HTTP client, in {@code AWS_REGION}, talking to
     * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} when that is set.
     */
    public static SecretsManagerClient client(Map<String, String> env, AwsCredentialsProvider credentials) {
        String region = env.get(REGION_VARIABLE);
        if (region == null || region.isBlank()) {
            throw new IllegalStateException(REGION_VARIABLE + " is not set");
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(credentials);
        String endpoint = env.get(ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip()));
        }
        return builder.build();
    }

    /** The secret, read on first use. */
    public synchronized SnowflakeSecret current() {
        if (cached == null) {
            cached = read();
        }
        return cached;
    }

    /** Reads the secret again and keeps the new value. */
    public synchronized SnowflakeSecret reload() {
        cached = read();
        return cached;
    }

    private SnowflakeSecret read() {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(request -> request.secretId(secretId));
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new SnowflakeSecretException("reading the Snowflake secret " + secretId + " from Secrets Manager failed"
                    + (code == null ? "" : " (" + code + ")") + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new SnowflakeSecretException("reading the Snowflake secret " + secretId + " from Secrets Manager failed: " + e.getMessage(), e);
        }
        if (response.secretString() == null) {
            throw new SnowflakeSecretException("the Snowflake secret " + secretId + " has no SecretString (binary secrets are not supported)");
        }
        try {
            return SnowflakeSecret.parse(response.secretString());
        } catch (SnowflakeSecretException e) {
            throw new SnowflakeSecretException("the Snowflake secret " + secretId + " is unusable: " + e.getMessage());
        }
    }
}
