package io.twt.core.record;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A compliance notice of the v1.1 stream, as the record that flows with the posts: a record with a
 * {@value #KEY} key, whose value is the notice's type, instead of a post's fields. X asks that a
 * deleted post be removed "from memory and any storage or archive, even in the rare case where a
 * deletion message arrives earlier in the stream than the Tweet it references"
 * (https://developer.x.com/en/docs/tweets/filter-realtime/guides/streaming-message-types). The
 * refresh applies each notice after its merges, as a compliance result line with action
 * {@code delete}: a post notice removes the post (every version of it), a user notice the user and
 * the user's posts; a withheld post or user is removed everywhere, not only in the countries named.
 *
 * <p>The record: {@code {"notice":"delete","id":"…","user_id":"…"}}; {@code status_withheld} the
 * same; {@code user_withheld} has no {@code id}. Ids are 1–19 digit strings ({@link RecordField#ID},
 * {@link RecordField#USER_ID}); {@code user_id} is required.
 */
public enum ComplianceNotice {
    DELETE("delete", true, "deleted"),
    STATUS_WITHHELD("status_withheld", true, "withheld"),
    USER_WITHHELD("user_withheld", false, "withheld");

    /** The record key that makes a record a notice; its value is {@link #type()}. */
    public static final String KEY = "notice";

    private final String type;
    private final boolean post;
    private final String reason;

    ComplianceNotice(String type, boolean post, String reason) {
        this.type = type;
        this.post = post;
        this.reason = reason;
    }

    /** The notice's type: the v1.1 message's top-level key, and the record's {@value #KEY} value. */
    public String type() {
        return type;
    }

    /** True when the notice names a post (its record has an {@code id}); false when it names a user. */
    public boolean namesPost() {
        return post;
    }

    /** twt_compliance_log.reason, in the vocabulary of X's batch compliance results. */
    public String reason() {
        return reason;
    }

    /** The notice of this type, or null. */
    public static ComplianceNotice ofType(String type) {
        for (ComplianceNotice n : values()) {
            if (n.type.equals(type)) {
                return n;
            }
        }
        return null;
    }

    /** The types of the notices that {@link #namesPost()} is {@code post} for. */
    public static List<String> types(boolean post) {
        return Arrays.stream(values()).filter(n -> n.post == post).map(ComplianceNotice::type).collect(Collectors.toUnmodifiableList());
    }
}
