package io.twt.core.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One CloudWatch embedded-metric-format document, as the one line a function prints for CloudWatch
 * Logs to turn into metrics: the {@code _aws} metadata (timestamp, namespace, the dimension set,
 * each metric's name and unit), then the root members the caller writes, which must include a
 * value for every dimension and every metric.
 */
public final class EmfDocument {

    private static final JsonFactory JSON = new JsonFactory();

    /** A metric's declaration: its name and CloudWatch unit ({@code Count}, {@code Milliseconds}…). */
    public record Metric(String name, String unit) {
    }

    /** Writes the document's root members: dimension values, metric values, searchable properties. */
    @FunctionalInterface
    public interface Members {
        void write(JsonGenerator json) throws IOException;
    }

    private EmfDocument() {
    }

    public static String line(long timestampMillis, String namespace, List<String> dimensions, List<Metric> metrics,
            Members members) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestampMillis);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (String dimension : dimensions) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Metric metric : metrics) {
                json.writeStartObject();
                json.writeStringField("Name", metric.name());
                json.writeStringField("Unit", metric.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            members.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return text.toString();
    }
}
