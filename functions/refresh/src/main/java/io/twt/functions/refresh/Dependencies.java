package io.twt.functions.refresh;

import io.twt.core.metrics.EmfWriter;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.SqlCatalogue;
import io.twt.functions.snowflake.SnowflakeConnections;
import io.twt.functions.snowflake.SnowflakeSettings;
import java.util.Map;

/**
 * The objects that live as long as the execution environment, built once on first use: the
 * Snowflake connection source (one session, checked before each run and reopened when it no longer
 * answers), the generated refresh statements, the metrics writer, and the mode from
 * {@value #COMPUTE_VARIABLE} (the template's RefreshCompute; default {@code serverless}).
 */
final class Dependencies {

    static final String COMPUTE_VARIABLE = "REFRESH_COMPUTE";

    private Dependencies() {
    }

    static RefreshService refreshService() {
        return Holder.SERVICE;
    }

    static RefreshMetrics metrics() {
        return Holder.METRICS;
    }

    static RefreshCompute compute() {
        return Holder.COMPUTE;
    }

    private static final class Holder {
        private static final Map<String, String> ENV = System.getenv();
        // SNOWFLAKE_QUERY_TIMEOUT_SECONDS (default 240, below the function's timeout) limits each statement.
        static final RefreshService SERVICE = new RefreshService(
                SnowflakeConnections.fromEnvironment(),
                new RefreshRunner(new SqlCatalogue(Dialect.SNOWFLAKE)),
                SnowflakeSettings.fromEnvironment(ENV).queryTimeoutSeconds());
        static final RefreshCompute COMPUTE = RefreshCompute.parse(COMPUTE_VARIABLE, ENV.get(COMPUTE_VARIABLE));
        static final RefreshMetrics METRICS = new RefreshMetrics(EmfWriter.fromEnvironment(ENV, "RefreshFunction"));
    }
}
