package io.twt.functions.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Validate Lambda: for each {@code ObjectCreated:*} record of an S3 notification, validates
 * the object (see {@link ValidateService}). Other event types and keys outside the raw prefix are
 * ignored. When some objects fail, the others are still done and the handler throws at the end.
 * The {@link Context} is not used.
 */
public final class ValidateHandler implements RequestHandler<S3Event, String> {

    private static final String OBJECT_CREATED = "ObjectCreated:";

    private final ValidateService service;
    private final ValidateMetrics metrics;
    private final PrintStream log;

    /** Used by Lambda: the S3 client and service are built once per execution environment. */
    public ValidateHandler() {
        this(Dependencies.validateService(), Dependencies.metrics(), System.out);
    }

    ValidateHandler(ValidateService service, ValidateMetrics metrics, PrintStream log) {
        this.service = service;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        List<S3ObjectId> created = new ArrayList<>();
        for (S3EventNotificationRecord record : event.getRecords()) {
            S3ObjectId object = new S3ObjectId(record.getS3().getBucket().getName(), record.getS3().getObject().getUrlDecodedKey());
            if (record.getEventName() != null && record.getEventName().startsWith(OBJECT_CREATED)) {
                created.add(object);
            } else {
                log.println("ignored " + record.getEventName() + " " + object);
            }
        }
        List<ObjectOutcome> outcomes = service.validateAll(created);
        List<ObjectOutcome.Failed> failures = new ArrayList<>();
        long validated = 0;
        for (ObjectOutcome outcome : outcomes) {
            if (outcome instanceof ObjectOutcome.Validated v) {
                validated++;
                metrics.validated(v.object(), v.report());
            } else if (outcome instanceof ObjectOutcome.Skipped s) {
                log.println("ignored " + s.object() + ": " + s.reason());
            } else if (outcome instanceof ObjectOutcome.Failed f) {
                failures.add(f);
                metrics.failed(f.object(), f.error());
            }
        }
        if (!failures.isEmpty()) {
            throw new FailedObjectsException(failures, outcomes.size());
        }
        return validated + " of " + event.getRecords().size() + " records validated";
    }
}
