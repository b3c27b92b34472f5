package io.twt.functions.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3ClientsTest {

    @Test
    void regionComesFromAwsRegionAndThereIsNoEndpointOverrideByDefault() {
        try (S3Client s3 = S3Clients.create(Map.of("AWS_REGION", "eu-west-1"), AnonymousCredentialsProvider.create())) {
            assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(s3.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void endpointOverrideComesFromS3EndpointUrl() {
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", "S3_ENDPOINT_URL", "http://127.0.0.1:9000");

        try (S3Client s3 = S3Clients.create(env, AnonymousCredentialsProvider.create())) {
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
        }
    }

    @Test
    void missingRegionIsAnError() {
        assertThatThrownBy(() -> S3Clients.create(Map.of(), AnonymousCredentialsProvider.create()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("AWS_REGION is not set");
    }
}
