package io.twt.smoke;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The smoke test's AWS clients, each call bounded in time: a service that accepts the connection
 * and never answers fails the stage after {@code callTimeout} (Refresh: {@code invokeTimeout}).
 */
record SmokeClients(CloudFormationClient cloudFormation, S3Client s3, LambdaClient lambda) implements AutoCloseable {

    /** Endpoints that replace AWS's (stand-ins in tests); null fields keep AWS's. */
    record Endpoints(URI cloudFormation, URI s3, URI lambda) {
        static final Endpoints AWS = new Endpoints(null, null, null);
    }

    static SmokeClients create(Region region, AwsCredentialsProvider credentials, Endpoints endpoints, Duration callTimeout,
            Duration invokeTimeout) {
        CloudFormationClient cloudFormation = configure(CloudFormationClient.builder(), region, credentials, endpoints.cloudFormation(),
                callTimeout).build();
        var s3 = configure(S3Client.builder(), region, credentials, endpoints.s3(), callTimeout);
        if (endpoints.s3() != null) {
            // S3 stand-ins such as s3proxy want path-style requests and no trailing CRC32 on uploads.
            s3.forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        // No retry: an invocation that timed out may still be running, and Refresh runs one at a time.
        LambdaClient lambda = configure(LambdaClient.builder(), region, credentials, endpoints.lambda(), invokeTimeout)
                .overrideConfiguration(c -> c.apiCallTimeout(invokeTimeout).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        return new SmokeClients(cloudFormation, s3.build(), lambda);
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, Region region, AwsCredentialsProvider credentials,
            URI endpoint, Duration timeout) {
        builder.region(region).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        builder.httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(timeout));
        return builder.overrideConfiguration(c -> c.apiCallTimeout(timeout));
    }

    @Override
    public void close() {
        cloudFormation.close();
        s3.close();
        lambda.close();
    }
}
