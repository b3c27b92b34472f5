package io.twt.functions.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one JSON log line written per CloudFormation event: what was asked, what was answered, what
 * ran and how long it took. It holds names, versions and reasons only; properties and
 * connection settings are not logged.
 */
final class EventLogLine {

    private static final JsonFactory JSON = new JsonFactory();

    private final String requestType;
    private final String logicalResourceId;
    private final String requestId;
    private String physicalResourceId;
    private String status;
    private String reason;
    private String warning;
    private List<Integer> applied;
    private Integer schemaVersion;
    private List<String> reconciled;
    private List<String> statements;
    private long durationMs;

    EventLogLine(String requestType, String logicalResourceId, String requestId) {
        this.requestType = requestType;
        this.logicalResourceId = logicalResourceId;
        this.requestId = requestId;
    }

    EventLogLine answered(String status, String physicalResourceId, String reason) {
        this.status = status;
        this.physicalResourceId = physicalResourceId;
        this.reason = reason;
        return this;
    }

    EventLogLine applied(BootstrapService.Applied result) {
        this.applied = result.applied();
        this.schemaVersion = result.schemaVersion();
        this.reconciled = result.reconciled();
        return this;
    }

    EventLogLine deleted(BootstrapService.Deleted result) {
        this.statements = result.statements();
        return this;
    }

    EventLogLine warning(String warning) {
        this.warning = warning;
        return this;
    }

    EventLogLine durationMs(long durationMs) {
        this.durationMs = durationMs;
        return this;
    }

    String toJson() {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("event", "bootstrap");
            json.writeStringField("requestType", requestType);
            json.writeStringField("logicalResourceId", logicalResourceId);
            json.writeStringField("requestId", requestId);
            json.writeStringField("physicalResourceId", physicalResourceId);
            json.writeStringField("status", status);
            if (reason != null) {
                json.writeStringField("reason", reason);
            }
            if (warning != null) {
                json.writeStringField("warning", warning);
            }
            if (applied != null) {
                json.writeArrayFieldStart("appliedMigrations");
                for (int version : applied) {
                    json.writeNumber(version);
                }
                json.writeEndArray();
                json.writeNumberField("schemaVersion", schemaVersion);
                writeStrings(json, "reconciled", reconciled);
            }
            if (statements != null) {
                writeStrings(json, "statements", statements);
            }
            json.writeNumberField("durationMs", durationMs);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return text.toString();
    }

    private static void writeStrings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
