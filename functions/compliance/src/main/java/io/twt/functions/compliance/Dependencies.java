package io.twt.functions.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.compliance.ComplianceApplier;
import io.twt.core.sql.ComplianceSql;
import io.twt.core.metrics.EmfWriter;
import io.twt.core.sql.Dialect;
import io.twt.functions.snowflake.SnowflakeConnections;
import io.twt.functions.snowflake.SnowflakeSecretStore;
import io.twt.stream.Sleeper;
import io.twt.stream.StreamDefaults;
import io.twt.stream.x.XComplianceJobs;
import io.twt.xsecret.SecretsManagerCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The objects that live as long as the execution environment, built once on first use: the
 * Snowflake connection source, the X credentials from {@value #X_SECRET_VARIABLE} (read on the
 * first request), the HTTP client for X, the horizon from {@value #RAW_RETENTION_VARIABLE}, and the metrics writer. {@value #JOB_PREFIX_VARIABLE}
 * starts the X job names (the template passes the stack's id); {@value #X_BASE_URL_VARIABLE}
 * points at another X (a loopback stand-in).
 */
final class Dependencies {

    static final String X_SECRET_VARIABLE = "X_SECRET_ARN";
    static final String JOB_PREFIX_VARIABLE = "COMPLIANCE_JOB_PREFIX";
    static final String X_BASE_URL_VARIABLE = "X_API_BASE_URL";
    /** Days a row of twt_raw is kept after its load (the template passes ValidatedRetentionDays). */
    static final String RAW_RETENTION_VARIABLE = "RAW_TABLE_RETENTION_DAYS";
    /** Each request to X, body included. */
    static final Duration X_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private Dependencies() {
    }

    static ComplianceService service() {
        return Holder.SERVICE;
    }

    static ComplianceMetrics metrics() {
        return Holder.METRICS;
    }

    static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value.strip();
    }

    private static final class Holder {
        private static final Map<String, String> ENV = System.getenv();
        private static final DefaultCredentialsProvider AWS = DefaultCredentialsProvider.builder().build();
        static final ComplianceService SERVICE = new ComplianceService(
                SnowflakeConnections.fromEnvironment(ENV, AWS),
                new XComplianceJobs(
                        HttpClient.newBuilder().connectTimeout(StreamDefaults.CONNECT_TIMEOUT).build(),
                        URI.create(ENV.getOrDefault(X_BASE_URL_VARIABLE, StreamDefaults.STREAM_BASE_URL)),
                        new SecretsManagerCredentials(SnowflakeSecretStore.client(ENV, AWS), required(ENV, X_SECRET_VARIABLE), new ObjectMapper()),
                        X_REQUEST_TIMEOUT, Sleeper.SYSTEM, Clock.systemUTC()),
                new ComplianceSql(Dialect.SNOWFLAKE),
                new ComplianceApplier(Dialect.SNOWFLAKE),
                required(ENV, JOB_PREFIX_VARIABLE),
                Duration.ofDays(Long.parseLong(required(ENV, RAW_RETENTION_VARIABLE))),
                Clock.systemUTC());
        static final ComplianceMetrics METRICS = new ComplianceMetrics(EmfWriter.fromEnvironment(ENV, "ComplianceFunction"));
    }
}
