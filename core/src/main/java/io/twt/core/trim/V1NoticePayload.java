package io.twt.core.trim;

import static io.twt.core.trim.JsonValues.idText;
import static io.twt.core.trim.JsonValues.isObject;
import static io.twt.core.trim.JsonValues.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.RecordField;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A v1.1 compliance notice, collected during the scan of one line, as X documents them
 * (https://developer.x.com/en/docs/tweets/filter-realtime/guides/streaming-message-types):
 * {@code {"delete":{"status":{"id":…,"id_str":"…","user_id":…,"user_id_str":"…"}}}},
 * {@code {"status_withheld":{"id":…,"user_id":…,"withheld_in_countries":[…]}}} and
 * {@code {"user_withheld":{"id":…,"withheld_in_countries":[…]}}}. The {@code _str} form of an id
 * wins over the number (a JSON number of 19 digits does not survive every JSON reader).
 */
final class V1NoticePayload {

    private ComplianceNotice notice;
    /** Where the ids were read, for messages: "delete.status", "status_withheld" or "user_withheld". */
    private String path;
    private String id;
    private String idStr;
    private String userId;
    private String userIdStr;

    /** Reads the value of top-level {@code key} when it is a notice; leaves any other value unread. */
    void read(String key, JsonParser p, JsonToken v) throws IOException {
        ComplianceNotice n = ComplianceNotice.ofType(key);
        if (n == null) {
            return;
        }
        notice = n;
        if (n == ComplianceNotice.DELETE) {
            path = "delete.status";
            if (!isObject(p, v)) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("status".equals(name)) {
                    readIds(p, t);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            path = key;
            readIds(p, v);
        }
    }

    /** The notice the line holds, or null. */
    ComplianceNotice notice() {
        return notice;
    }

    /** The notice's record; refuses a notice without the ids its record needs. */
    byte[] toRecord() {
        String user = userIdStr != null ? userIdStr : userId;
        String subject = idStr != null ? idStr : id;
        if (notice == ComplianceNotice.USER_WITHHELD) {
            // user_withheld names the user by its own "id".
            requireId(subject, path + ".id_str", "the user_withheld notice has no user id", "the withheld user's id");
            return json(notice, null, subject);
        }
        requireId(subject, path + ".id_str", "the " + notice.type() + " notice has no post id", "the post id");
        requireId(user, path + ".user_id_str", "the " + notice.type() + " notice has no user id", "the author's id");
        return json(notice, subject, user);
    }

    private void readIds(JsonParser p, JsonToken t) throws IOException {
        if (!isObject(p, t)) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id": id = idText(p, v, path + ".id"); break;
                case "id_str": idStr = string(p, v); break;
                case "user_id": userId = idText(p, v, path + ".user_id"); break;
                case "user_id_str": userIdStr = string(p, v); break;
                default: p.skipChildren();
            }
        }
    }

    private static void requireId(String id, String field, String missing, String what) {
        if (id == null) {
            throw new BadValue(Problem.of(Problem.NO_ID, field, missing));
        }
        if (!RecordValidator.isDigits(id, 19)) {
            throw new BadValue(Problem.of(Problem.INVALID_ID, field, what + " is not 1 to 19 digits"));
        }
    }

    /** The notice record's JSON: ids are digits only, so nothing needs escaping. */
    private static byte[] json(ComplianceNotice n, String id, String userId) {
        StringBuilder sb = new StringBuilder(80).append("{\"").append(ComplianceNotice.KEY).append("\":\"").append(n.type()).append('"');
        if (id != null) {
            sb.append(",\"").append(RecordField.ID.key()).append("\":\"").append(id).append('"');
        }
        sb.append(",\"").append(RecordField.USER_ID.key()).append("\":\"").append(userId).append("\"}");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
