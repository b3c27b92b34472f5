package io.twt.xsecret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.stream.x.CredentialsSource;
import io.twt.stream.x.XCredentials;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The X credentials from an AWS Secrets Manager secret whose string is a JSON object with
 * {@code bearer_token}, or {@code consumer_key}, {@code consumer_secret}, {@code access_token}
 * and {@code access_token_secret}.
 */
public final class SecretsManagerCredentials implements CredentialsSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerCredentials.class);

    private final SecretsManagerClient client;
    private final String secretId;
    private final ObjectMapper mapper;
    private volatile XCredentials current;

    public SecretsManagerCredentials(SecretsManagerClient client, String secretId, ObjectMapper mapper) {
        this.client = client;
        this.secretId = secretId;
        this.mapper = mapper;
    }

    @Override
    public XCredentials current() {
        XCredentials c = current;
        return c != null ? c : refresh();
    }

    @Override
    public synchronized XCredentials refresh() {
        String secret = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        JsonNode json;
        try {
            json = mapper.readTree(secret);
        } catch (IOException e) {
            // The parser's message may quote the secret: neither it nor the cause is passed on.
            throw new IllegalStateException("secret " + secretId + " is not a JSON object");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalStateException("secret " + secretId + " is not a JSON object");
        }
        XCredentials c = new XCredentials(text(json, "bearer_token"), text(json, "consumer_key"),
                text(json, "consumer_secret"), text(json, "access_token"), text(json, "access_token_secret"));
        if (c.bearerToken() == null && (c.consumerKey() == null || c.accessToken() == null)) {
            throw new IllegalStateException("secret " + secretId + " has neither bearer_token nor the OAuth 1.0a keys");
        }
        current = c;
        LOG.info("read X credentials from secret {}: {}", secretId, c);
        return c;
    }

    private static String text(JsonNode json, String key) {
        JsonNode v = json.get(key);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }
}
