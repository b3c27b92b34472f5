package io.twt.functions.bootstrap;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.cloudformation.AbstractCustomResourceHandler;
import software.amazon.lambda.powertools.cloudformation.Response;

/**
 * The Bootstrap Lambda: the {@code Custom::SnowflakeObjects} resource that creates and upgrades
 * twt's Snowflake objects during {@code sam deploy} (see {@link BootstrapService}). Powertools
 * PUTs the answer to CloudFormation's pre-signed response URL.
 *
 * <p>CloudFormation always gets an answer: SUCCESS, or FAILED with a readable reason, also when
 * Snowflake cannot be reached or does not answer. The work gets the invocation's remaining time
 * minus a safety margin; when that passes the answer is FAILED, well before Lambda's timeout
 * would leave CloudFormation waiting for an hour.
 *
 * <p>Physical id: {@code twt-snowflake-<INTEGRATION>} on Create; Update always answers with the id
 * it was sent (another id would make CloudFormation delete the old resource). The Delete of a
 * failed Create only releases the stage if that Create had taken it, and always succeeds; a
 * Delete of any other id this function did not hand out succeeds without touching Snowflake. A
 * keep-data Delete that cannot reach Snowflake still answers SUCCESS, with a warning, so that the
 * stack can be deleted; a drop-data Delete answers FAILED then.
 */
public final class BootstrapHandler extends AbstractCustomResourceHandler {

    /** Left of the invocation's time for answering CloudFormation after the work is abandoned. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
    /** CloudFormation takes response bodies of up to 4 KB; the reason gets a bounded share. */
    static final int MAX_REASON = 1500;
    /** The id a failed Create answers with: no Delete mistakes it for a live resource. */
    static final String FAILED_CREATE_PREFIX = "twt-snowflake-create-failed-";

    static final String IAM_USER_ARN = "StorageAwsIamUserArn";
    static final String EXTERNAL_ID = "StorageAwsExternalId";
    static final String NOTIFICATION_CHANNEL = "PipeNotificationChannel";
    static final String SCHEMA_VERSION = "SchemaVersion";

    private final Supplier<BootstrapService> service;
    private final Duration safetyMargin;
    private final PrintStream log;
    private final ReentrantLock oneEventAtATime = new ReentrantLock();

    /** Used by Lambda: the Snowflake connection is opened on first use and kept for the execution environment. */
    public BootstrapHandler() {
        this(Dependencies::bootstrapService, SAFETY_MARGIN, System.out);
    }

    /**
     * @param service      asked for inside each invocation's deadline, so that a failure to build it
     *                     (missing environment, unreadable secret) is answered as FAILED
     * @param safetyMargin how much of the invocation's remaining time the work leaves unused
     */
    BootstrapHandler(Supplier<BootstrapService> service, Duration safetyMargin, PrintStream log) {
        this.service = service;
        this.safetyMargin = safetyMargin;
        this.log = log;
    }

    @Override
    protected Response create(CloudFormationCustomResourceEvent event, Context context) {
        return createOrUpdate(event, context, null);
    }

    @Override
    protected Response update(CloudFormationCustomResourceEvent event, Context context) {
        return createOrUpdate(event, context, event.getPhysicalResourceId());
    }

    @Override
    protected Response delete(CloudFormationCustomResourceEvent event, Context context) {
        long start = System.nanoTime();
        EventLogLine line = new EventLogLine(event.getRequestType(), event.getLogicalResourceId(), event.getRequestId());
        String physicalId = event.getPhysicalResourceId();
        Duration budget = budget(context);
        Response response;
        try {
            response = delete(physicalId, BootstrapProperties.forDelete(event.getResourceProperties()), budget, line);
        } catch (Throwable t) {
            response = Response.builder().status(Response.Status.FAILED).physicalResourceId(physicalId)
                    .reason(reason(t, budget)).build();
        }
        answer(line, response, start);
        return response;
    }

    private Response delete(String physicalId, BootstrapProperties.ForDelete properties, Duration budget, EventLogLine line) {
        if (physicalId != null && physicalId.startsWith(FAILED_CREATE_PREFIX) && properties.integrationName() != null) {
            return deleteFailedCreate(physicalId, properties, budget, line);
        }
        if (!properties.owns(physicalId)) {
            String note = "nothing to delete: " + physicalId + " is not a resource this function created";
            line.warning(note);
            return Response.builder().status(Response.Status.SUCCESS).physicalResourceId(physicalId).reason(note).build();
        }
        try {
            line.deleted(withDeadline(() -> service.get().delete(properties), budget));
            return Response.success(physicalId);
        } catch (Throwable t) {
            String reason = reason(t, budget);
            if (properties.dropDataOnDelete()) {
                return Response.builder().status(Response.Status.FAILED).physicalResourceId(physicalId).reason(reason).build();
            }
            // Keeping the data only pauses the pipe: not worth blocking the stack's deletion.
            String note = "the data is kept but the pipe could not be paused: " + reason;
            line.warning(note);
            return Response.builder().status(Response.Status.SUCCESS).physicalResourceId(physicalId)
                    .reason(truncate(note)).build();
        }
    }

    /**
     * The rollback of a Create that failed after it had pointed the stage at its own bucket: the
     * stage is released (and the pipe paused) so that the next stack on the schema may take it
     * over; nothing is dropped, whatever DropDataOnDelete says, since this Create handed out no
     * resource. The service leaves a stage that another stack loads through alone. Always SUCCESS:
     * a Create that failed because Snowflake could not be reached must not block the rollback.
     */
    private Response deleteFailedCreate(String physicalId, BootstrapProperties.ForDelete properties, Duration budget,
                                        EventLogLine line) {
        BootstrapProperties.ForDelete keepData = new BootstrapProperties.ForDelete(properties.integrationName(), false);
        try {
            line.deleted(withDeadline(() -> service.get().delete(keepData), budget));
            return Response.success(physicalId);
        } catch (Throwable t) {
            String note = "the failed Create's stage could not be released: " + reason(t, budget);
            line.warning(note);
            return Response.builder().status(Response.Status.SUCCESS).physicalResourceId(physicalId)
                    .reason(truncate(note)).build();
        }
    }

    /**
     * @param currentId the physical id of the resource being updated, null on Create
     */
    private Response createOrUpdate(CloudFormationCustomResourceEvent event, Context context, String currentId) {
        long start = System.nanoTime();
        EventLogLine line = new EventLogLine(event.getRequestType(), event.getLogicalResourceId(), event.getRequestId());
        String failedId = currentId != null ? currentId : FAILED_CREATE_PREFIX + event.getRequestId();
        Duration budget = budget(context);
        Response response;
        try {
            BootstrapProperties properties = BootstrapProperties.forCreateOrUpdate(event.getResourceProperties());
            if (currentId != null && !currentId.equals(properties.physicalResourceId())) {
                throw new IllegalArgumentException(BootstrapProperties.INTEGRATION_NAME + " cannot change on Update: "
                        + "this resource is " + currentId + " and the properties now name " + properties.integrationName()
                        + " (another integration has another IAM user and external id); keep the name, "
                        + "or give the resource a new logical id to replace it");
            }
            BootstrapService.Applied result = withDeadline(() -> service.get().apply(properties), budget);
            line.applied(result);
            response = Response.builder().status(Response.Status.SUCCESS)
                    .physicalResourceId(currentId != null ? currentId : properties.physicalResourceId())
                    .value(data(result)).build();
        } catch (Throwable t) {
            response = Response.builder().status(Response.Status.FAILED).physicalResourceId(failedId)
                    .reason(reason(t, budget)).build();
        }
        answer(line, response, start);
        return response;
    }

    @Override
    protected void onSendFailure(CloudFormationCustomResourceEvent event, Context context, Response response,
                                 Exception exception) {
        // The exception may quote the pre-signed URL; its query string is a signature.
        String error = exception.getClass().getSimpleName() + ": "
                + String.valueOf(exception.getMessage()).replaceAll("\\?\\S*", "?…");
        log.println(new EventLogLine(event.getRequestType(), event.getLogicalResourceId(), event.getRequestId())
                .answered("RESPONSE_NOT_SENT", response == null ? null : response.getPhysicalResourceId(), error)
                .toJson());
    }

    static Map<String, String> data(BootstrapService.Applied result) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(IAM_USER_ARN, result.storageAwsIamUserArn());
        data.put(EXTERNAL_ID, result.storageAwsExternalId());
        data.put(NOTIFICATION_CHANNEL, result.pipeNotificationChannel());
        data.put(SCHEMA_VERSION, Integer.toString(result.schemaVersion()));
        return data;
    }

    private void answer(EventLogLine line, Response response, long start) {
        line.answered(response.getStatus().name(), response.getPhysicalResourceId(),
                        response.getStatus() == Response.Status.FAILED ? response.getReason() : null)
                .durationMs((System.nanoTime() - start) / 1_000_000);
        log.println(line.toJson());
    }

    /** The invocation's remaining time minus the margin; at least half of the remaining time. */
    private Duration budget(Context context) {
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration budget = remaining.minus(safetyMargin);
        Duration half = remaining.dividedBy(2);
        return budget.compareTo(half) < 0 ? half : budget;
    }

    /**
     * The work of one event at a time: work abandoned at its deadline may still be running when the
     * next event arrives (the rollback of a timed-out Update, typically), and must end before that
     * event's work starts, or it would apply the properties being rolled back after the rollback.
     */
    private <T> T withDeadline(Callable<T> work, Duration budget) throws Exception {
        return Deadline.call(() -> {
            oneEventAtATime.lockInterruptibly();
            try {
                return work.call();
            } finally {
                oneEventAtATime.unlock();
            }
        }, budget, "bootstrap-snowflake");
    }

    /** A readable reason: the messages of the exception and its causes, without repeats, bounded. */
    static String reason(Throwable t, Duration budget) {
        if (t instanceof TimeoutException) {
            return "Snowflake did not answer within " + seconds(budget)
                    + "; the work was abandoned so that CloudFormation hears back before the function times out";
        }
        StringBuilder reason = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 5; c = c.getCause(), depth++) {
            String message = c.getMessage() == null || c.getMessage().isBlank()
                    ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (reason.indexOf(message) < 0) {
                if (reason.length() > 0) {
                    reason.append(": ");
                }
                reason.append(message);
            }
        }
        return truncate(reason.toString());
    }

    private static String truncate(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    /** Whole seconds (the budget is measured from a clock that has already moved on), milliseconds below one. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : Math.round(millis / 1000.0) + " s";
    }
}
