package io.twt.core.trim;

import io.twt.core.validate.Problem;

/** A value that makes the line unusable; carries the problem out of the scan. */
final class BadValue extends RuntimeException {

    final transient Problem problem;

    BadValue(Problem problem) {
        super(problem.message(), null, false, false);
        this.problem = problem;
    }
}
