package io.twt.core.compliance;

import java.util.List;

/**
 * What a batch compliance job was run for, as its {@code type} names it: posts or users. X's
 * result lines carry no type, so the caller says which a result file is. The reasons are those X
 * documents for each type, all with action {@code delete}
 * (https://docs.x.com/x-api/compliance/batch-compliance/quickstart, "Compliance actions").
 */
public enum ComplianceKind {
    TWEETS("tweets", "tweet", List.of("deleted", "bounced", "protected", "suspended", "scrub_geo")),
    USERS("users", "user", List.of("deleted", "suspended", "protected", "deactivated"));

    private final String jobType;
    private final String logKind;
    private final List<String> reasons;

    ComplianceKind(String jobType, String logKind, List<String> reasons) {
        this.jobType = jobType;
        this.logKind = logKind;
        this.reasons = reasons;
    }

    /** The job's {@code type}: {@code tweets} or {@code users}. */
    public String jobType() {
        return jobType;
    }

    /** twt_compliance_log.kind: {@code tweet} or {@code user}. */
    public String logKind() {
        return logKind;
    }

    /** The reasons X documents for this type. */
    public List<String> reasons() {
        return reasons;
    }

    /** The other type. */
    ComplianceKind other() {
        return this == TWEETS ? USERS : TWEETS;
    }

    /** The kind whose job type is {@code type}. */
    public static ComplianceKind ofJobType(String type) {
        for (ComplianceKind k : values()) {
            if (k.jobType.equals(type)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a compliance job type: " + type + " (tweets or users)");
    }
}
