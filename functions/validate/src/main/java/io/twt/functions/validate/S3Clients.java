package io.twt.functions.validate;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the function's S3 client from its environment. */
public final class S3Clients {

    static final String REGION_VARIABLE = "AWS_REGION";
    static final String ENDPOINT_VARIABLE = "S3_ENDPOINT_URL";

    private S3Clients() {
    }

    /**
     * An S3 client on the url-connection HTTP client, in {@code AWS_REGION}. When
     * {@code S3_ENDPOINT_URL} is set (local testing), it talks to that endpoint with path-style
     * addressing and sends checksums only where S3 requires them: S3-compatible stand-ins such
     * as s3proxy do not accept the trailing CRC32 the SDK adds to uploads by default.
     */
    public static S3Client create(Map<String, String> env, AwsCredentialsProvider credentials) {
        String region = env.get(REGION_VARIABLE);
        if (region == null || region.isBlank()) {
            throw new IllegalStateException(REGION_VARIABLE + " is not set");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                .credentialsProvider(credentials);
        String endpoint = env.get(ENDPOINT_VARIABLE);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        return builder.build();
    }
}
