package io.twt.functions.validate;

import io.twt.core.validate.ObjectReport;

/** What happened to one object of an event. */
public sealed interface ObjectOutcome {

    S3ObjectId object();

    /** The object was read to its end and its outputs written; {@code report} has the counts. */
    record Validated(S3ObjectId object, ObjectReport report) implements ObjectOutcome {
    }

    /** The object is not a raw object, so it was not read. */
    record Skipped(S3ObjectId object, String reason) implements ObjectOutcome {
    }

    /** Reading or writing failed (an S3 or I/O error): the event must be retried. */
    record Failed(S3ObjectId object, Exception error) implements ObjectOutcome {
    }
}
