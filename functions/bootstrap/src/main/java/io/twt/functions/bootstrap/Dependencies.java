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
            service = new BootstrapService(SnowflakeConnections.fromEnvironment(), new SnowflakeBootstrapSql());
        }
        return service;
    }
}
