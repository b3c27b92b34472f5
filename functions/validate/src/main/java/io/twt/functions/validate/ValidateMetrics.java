package io.twt.functions.validate;

import io.twt.core.metrics.EmfWriter;
import io.twt.core.metrics.EmfWriter.Metric;
import io.twt.core.validate.ObjectReport;
import java.util.List;
import java.util.Map;

/**
 * The Validate function's metrics, as embedded-metric-format lines (see {@link EmfWriter}). Per
 * object: {@code Objects}, {@code RecordsValid}, {@code RecordsQuarantined}, {@code UnreadableObjects}
 * (with the bucket, key and line count as searchable properties), then {@code RecordsQuarantined}
 * once per reason with a {@code Reason} dimension; {@code FailedObjects} for an object that could
 * not be processed. All counts.
 */
public final class ValidateMetrics {

    static final String DIMENSION = EmfWriter.FUNCTION_NAME;
    static final String REASON = "Reason";
    static final String OBJECTS = "Objects";
    static final String RECORDS_VALID = "RecordsValid";
    static final String RECORDS_QUARANTINED = "RecordsQuarantined";
    static final String UNREADABLE_OBJECTS = "UnreadableObjects";
    static final String FAILED_OBJECTS = "FailedObjects";

    private final EmfWriter emf;

    public ValidateMetrics(EmfWriter emf) {
        this.emf = emf;
    }

    public void validated(S3ObjectId object, ObjectReport report) {
        emf.write(Map.of(), List.of(Metric.count(OBJECTS, 1), Metric.count(RECORDS_VALID, report.valid()),
                Metric.count(RECORDS_QUARANTINED, report.invalid()), Metric.count(UNREADABLE_OBJECTS, report.unreadable() == null ? 0 : 1)),
                json -> {
                    json.writeStringField("Bucket", object.bucket());
                    json.writeStringField("Key", object.key());
                    json.writeNumberField("Lines", report.lines());
                    if (report.unreadable() != null) {
                        json.writeStringField("Unreadable", report.unreadable());
                    }
                });
        report.invalidByReason().forEach((reason, count) -> emf.write(Map.of(REASON, reason),
                List.of(Metric.count(RECORDS_QUARANTINED, count)), json -> json.writeStringField("Key", object.key())));
    }

    public void failed(S3ObjectId object, Exception error) {
        emf.write(Map.of(), List.of(Metric.count(FAILED_OBJECTS, 1)), json -> {
            json.writeStringField("Bucket", object.bucket());
            json.writeStringField("Key", object.key());
            json.writeStringField("Error", String.valueOf(error));
        });
    }
}
