package io.twt.functions.validate;

import io.twt.core.validate.ObjectReport;
import java.time.Clock;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The Validate function's metrics, written by Powertools as CloudWatch embedded-metric-format
 * lines on stdout, which CloudWatch Logs turns into metrics. Per object, one line: {@code Objects},
 * {@code RecordsValid}, {@code RecordsQuarantined}, {@code UnreadableObjects} (with the bucket, key
 * and line count as searchable properties), then one line per reason with {@code RecordsQuarantined}
 * under the {@code Reason} dimension too; {@code FailedObjects} for an object that could not be
 * processed. All counts. The dimension set is exactly [{@code FunctionName}] (per reason
 * [{@code FunctionName}, {@code Reason}]): the alarms name only {@code FunctionName}.
 */
public final class ValidateMetrics {

    static final String DIMENSION = "FunctionName";
    static final String REASON = "Reason";
    static final String OBJECTS = "Objects";
    static final String RECORDS_VALID = "RecordsValid";
    static final String RECORDS_QUARANTINED = "RecordsQuarantined";
    static final String UNREADABLE_OBJECTS = "UnreadableObjects";
    static final String FAILED_OBJECTS = "FailedObjects";

    private final Metrics metrics;
    private final String functionName;
    private final Clock clock;

    ValidateMetrics(String namespace, String functionName, Clock clock) {
        // The FunctionName default dimension replaces the Service one Powertools adds from
        // POWERTOOLS_SERVICE_NAME: CloudWatch matches an alarm to a metric only when the alarm names
        // its full dimension set ("Dimension combinations", CloudWatch concepts:
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#dimension-combinations).
        this.metrics = MetricsBuilder.builder().withNamespace(namespace).withDefaultDimension(DIMENSION, functionName).build();
        this.functionName = functionName;
        this.clock = clock;
    }

    /** Named from {@code POWERTOOLS_METRICS_NAMESPACE} (default twt) and {@code AWS_LAMBDA_FUNCTION_NAME}. */
    public static ValidateMetrics fromEnvironment(Map<String, String> env) {
        return new ValidateMetrics(env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "twt"),
                env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "ValidateFunction"), Clock.systemUTC());
    }

    public void validated(S3ObjectId object, ObjectReport report) {
        metrics.flushMetrics(line -> {
            line.setTimestamp(clock.instant());
            line.addMetadata("Bucket", object.bucket());
            line.addMetadata("Key", object.key());
            line.addMetadata("Lines", report.lines());
            if (report.unreadable() != null) {
                line.addMetadata("Unreadable", report.unreadable());
            }
            line.addMetric(OBJECTS, 1, MetricUnit.COUNT);
            line.addMetric(RECORDS_VALID, report.valid(), MetricUnit.COUNT);
            line.addMetric(RECORDS_QUARANTINED, report.invalid(), MetricUnit.COUNT);
            line.addMetric(UNREADABLE_OBJECTS, report.unreadable() == null ? 0 : 1, MetricUnit.COUNT);
        });
        report.invalidByReason().forEach((reason, count) -> metrics.flushMetrics(line -> {
            line.setTimestamp(clock.instant());
            line.setDefaultDimensions(DimensionSet.of(DIMENSION, functionName, REASON, reason));
            line.addMetadata("Key", object.key());
            line.addMetric(RECORDS_QUARANTINED, count, MetricUnit.COUNT);
        }));
    }

    public void failed(S3ObjectId object, Exception error) {
        metrics.flushMetrics(line -> {
            line.setTimestamp(clock.instant());
            line.addMetadata("Bucket", object.bucket());
            line.addMetadata("Key", object.key());
            line.addMetadata("Error", String.valueOf(error));
            line.addMetric(FAILED_OBJECTS, 1, MetricUnit.COUNT);
        });
    }
}
