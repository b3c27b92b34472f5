package io.twt.functions.validate;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

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

    static EmfMetrics metrics() {
        return Holder.METRICS;
    }

    private static final class Holder {
        private static final Map<String, String> ENV = System.getenv();
        // Lambda puts the function's credentials in the environment; reading them there skips the
        // rest of the default provider chain at cold start.
        static final ValidateService SERVICE = new ValidateService(
                S3Clients.create(ENV, EnvironmentVariableCredentialsProvider.create()),
                ValidateSettings.fromEnvironment(ENV));
        static final EmfMetrics METRICS = EmfMetrics.fromEnvironment(ENV);
    }
}
