package io.twt.core.compliance;

import java.util.List;

/**
 * A batch compliance result file as read: its usable lines, one per id, and what was wrong with
 * the others.
 *
 * @param source the file's name, as twt_compliance_log.source records it
 * @param lines  every line read, blank ones included
 */
public record ComplianceResult(String source, ComplianceKind kind, List<ComplianceEvent> events, List<LineProblem> problems, long lines) {

    public ComplianceResult {
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }

    /** A line that was skipped: where it is, the key concerned (or null) and why. */
    public record LineProblem(String file, long line, String field, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (field == null ? "" : "field " + field + ": ") + message;
        }
    }
}
