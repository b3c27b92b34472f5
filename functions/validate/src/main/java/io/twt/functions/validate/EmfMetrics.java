package io.twt.functions.validate;

import io.twt.core.metrics.EmfDocument;
import io.twt.core.validate.ObjectReport;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes metrics in CloudWatch embedded metric format: one JSON document per line on stdout,
 * which CloudWatch Logs turns into metrics. Per object: {@code Objects}, {@code RecordsValid},
 * {@code RecordsQuarantined}, {@code UnreadableObjects} (with the bucket, key and line count as
 * searchable properties), then {@code RecordsQuarantined} once per reason with a {@code Reason}
 * dimension; {@code FailedObjects} for an object that could not be processed.
 */
public final class EmfMetrics {

    static final String DIMENSION = "FunctionName";
    static final String REASON = "Reason";
    static final String OBJECTS = "Objects";
    static final String RECORDS_VALID = "RecordsValid";
    static final String RECORDS_QUARANTINED = "RecordsQuarantined";
    static final String UNREADABLE_OBJECTS = "UnreadableObjects";
    static final String FAILED_OBJECTS = "FailedObjects";

    private final PrintStream out;
    private final String namespace;
    private final String functionName;
    private final Clock clock;

    public EmfMetrics(PrintStream out, String namespace, String functionName, Clock clock) {
        this.out = out;
        this.namespace = namespace;
        this.functionName = functionName;
        this.clock = clock;
    }

    /** Metrics to stdout, named from {@code METRICS_NAMESPACE} (default twt) and {@code AWS_LAMBDA_FUNCTION_NAME}. */
    public static EmfMetrics fromEnvironment(Map<String, String> env) {
        return new EmfMetrics(System.out, env.getOrDefault("METRICS_NAMESPACE", "twt"),
                env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "ValidateFunction"), Clock.systemUTC());
    }

    public void validated(S3ObjectId object, ObjectReport report) {
        out.println(document(List.of(DIMENSION), List.of(OBJECTS, RECORDS_VALID, RECORDS_QUARANTINED, UNREADABLE_OBJECTS), json -> {
            json.writeStringField("Bucket", object.bucket());
            json.writeStringField("Key", object.key());
            json.writeNumberField("Lines", report.lines());
            json.writeNumberField(OBJECTS, 1);
            json.writeNumberField(RECORDS_VALID, report.valid());
            json.writeNumberField(RECORDS_QUARANTINED, report.invalid());
            json.writeNumberField(UNREADABLE_OBJECTS, report.unreadable() == null ? 0 : 1);
            if (report.unreadable() != null) {
                json.writeStringField("Unreadable", report.unreadable());
            }
        }));
        report.invalidByReason().forEach((reason, count) ->
                out.println(document(List.of(DIMENSION, REASON), List.of(RECORDS_QUARANTINED), json -> {
                    json.writeStringField(REASON, reason);
                    json.writeStringField("Key", object.key());
                    json.writeNumberField(RECORDS_QUARANTINED, count);
                })));
    }

    public void failed(S3ObjectId object, Exception error) {
        out.println(document(List.of(DIMENSION), List.of(FAILED_OBJECTS), json -> {
            json.writeStringField("Bucket", object.bucket());
            json.writeStringField("Key", object.key());
            json.writeStringField("Error", String.valueOf(error));
            json.writeNumberField(FAILED_OBJECTS, 1);
        }));
    }

    private String document(List<String> dimensions, List<String> metrics, EmfDocument.Members members) {
        List<EmfDocument.Metric> declared = new ArrayList<>();
        for (String metric : metrics) {
            declared.add(new EmfDocument.Metric(metric, "Count"));
        }
        return EmfDocument.line(clock.millis(), namespace, dimensions, declared, json -> {
            json.writeStringField(DIMENSION, functionName);
            members.write(json);
        });
    }
}
