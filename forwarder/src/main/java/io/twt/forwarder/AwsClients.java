package io.twt.forwarder;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Builds the AWS clients on the URL-connection HTTP client, with optional endpoint and region. */
public final class AwsClients {

    private AwsClients() {
    }

    /** SDK retries are off: {@code FirehoseDelivery} retries, so that it can resend only failed entries. */
    public static FirehoseClient firehose(String endpoint, String region, AwsCredentialsProvider credentials) {
        return configure(FirehoseClient.builder(), endpoint, region, credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    public static SecretsManagerClient secretsManager(String endpoint, String region, AwsCredentialsProvider credentials) {
        return configure(SecretsManagerClient.builder(), endpoint, region, credentials)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /**
     * The dead-letter uploader's client. With an endpoint (a local stand-in) it uses path-style
     * addressing and sends checksums only where S3 requires them: s3proxy does not accept the
     * trailing CRC32 the SDK adds to uploads by default. Each call's time limit is set per request.
     */
    public static S3Client s3(String endpoint, String region, AwsCredentialsProvider credentials) {
        var builder = configure(S3Client.builder(), endpoint, region, credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        if (endpoint != null) {
            builder.forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpoint, String region,
            AwsCredentialsProvider credentials) {
        builder.credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        if (region != null) {
            builder.region(Region.of(region));
        }
        return builder;
    }
}
