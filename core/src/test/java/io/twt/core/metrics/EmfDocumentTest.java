package io.twt.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmfDocumentTest {

    @Test
    void declaresNamespaceDimensionsAndUnitsThenTheCallersMembersOnOneLine() {
        String line = EmfDocument.line(1_700_000_000_123L, "twt", List.of("FunctionName", "Reason"),
                List.of(new EmfDocument.Metric("Quarantined", "Count"), new EmfDocument.Metric("Took", "Milliseconds")),
                json -> {
                    json.writeStringField("FunctionName", "f");
                    json.writeStringField("Reason", "a \"quoted\"\nreason");
                    json.writeNumberField("Quarantined", 3);
                    json.writeNumberField("Took", 12);
                });
        assertThat(line).doesNotContain("\n").isEqualTo("{\"_aws\":{\"Timestamp\":1700000000123,\"CloudWatchMetrics\":[{"
                + "\"Namespace\":\"twt\",\"Dimensions\":[[\"FunctionName\",\"Reason\"]],\"Metrics\":["
                + "{\"Name\":\"Quarantined\",\"Unit\":\"Count\"},{\"Name\":\"Took\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"FunctionName\":\"f\",\"Reason\":\"a \\\"quoted\\\"\\nreason\",\"Quarantined\":3,\"Took\":12}");
    }
}
