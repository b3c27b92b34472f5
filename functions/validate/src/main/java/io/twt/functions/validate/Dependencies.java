package io.twt.functions.validate;

import io.twt.core.metrics.EmfWriter;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The objects that live as long as the execution environment, built once on first use: the S3
 * client (its connection pool and credentials are reused by every invocation) and the service.
 */
final class Dependencies {

    private Dependencies() {
    }

    static ValidateService validateService() {
        return Holder.SERVICE;
    }

    static ValidateMetrics metrics() {
        return Holder.METRICS;
    }

    private static final class Holder {
        private static final Map<String, String> ENV = System.getenv();
        // The SDK's default chain, not the access-key variables alone: with SnapStart (on for this
        // function) Lambda sets no AWS_ACCESS_KEY_ID but AWS_CONTAINER_CREDENTIALS_FULL_URI and
        // AWS_CONTAINER_AUTHORIZATION_TOKEN (so that no credentials in a snapshot expire before it is
        // restored), which the chain's container provider reads ("Activating and managing Lambda
        // SnapStart", Using SnapStart with AWS SDKs:
        // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).
        // Nothing is resolved here: credentials are fetched by the first request, after a restore.
        static final ValidateService SERVICE = new ValidateService(
                S3Clients.create(ENV, DefaultCredentialsProvider.builder().build()),
                ValidateSettings.fromEnvironment(ENV));
        static final ValidateMetrics METRICS = new ValidateMetrics(EmfWriter.fromEnvironment(ENV, "ValidateFunction"));
    }
}
