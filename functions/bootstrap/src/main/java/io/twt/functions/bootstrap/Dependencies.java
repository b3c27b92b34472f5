package io.twt.functions.bootstrap;

import io.twt.functions.snowflake.SnowflakeConnections;

/**
 * The service of the execution environment, built on first use, inside an invocation: a missing
 * variable or unreadable secret then becomes a FAILED answer to CloudFormation rather than an
 * init error that leaves the stack waiting. A failed build is retried by the next invocation.
 */
final class Dependencies {

    private static BootstrapService service;

    private Dependencies() {
    }

    static synchronized BootstrapService bootstrapService() {
        if (service == null) {
            String region = System.getenv("AWS_REGION");
            if (region == null || region.isBlank()) {
                // Lambda sets it ("Defined runtime environment variables",
                // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
                throw new IllegalStateException("AWS_REGION is not set (Lambda sets it to the function's region)");
            }
            service = new BootstrapService(SnowflakeConnections.fromEnvironment(), new SnowflakeBootstrapSql(), region);
        }
        return service;
    }
}
