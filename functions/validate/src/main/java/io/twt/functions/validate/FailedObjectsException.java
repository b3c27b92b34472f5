package io.twt.functions.validate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown after every object of an event was attempted and some failed, so that Lambda retries
 * the event. Repeating the objects that succeeded is safe: their outputs are rewritten identically.
 */
public final class FailedObjectsException extends RuntimeException {

    FailedObjectsException(List<ObjectOutcome.Failed> failures, int objects) {
        super(failures.size() + " of " + objects + " objects failed: "
                + failures.stream().map(f -> f.object() + " (" + f.error() + ")").collect(Collectors.joining(", ")));
        failures.forEach(f -> addSuppressed(f.error()));
    }
}
