package io.twt.core.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfWriterTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final EmfWriter writer = new EmfWriter(new PrintStream(output, true, UTF_8), "twt", "f",
            Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC));

    @Test
    void declaresNamespaceFunctionNameAndTheCallsDimensionsAndUnitsThenValuesAndPropertiesOnOneLine() {
        writer.write(Map.of("Reason", "a \"quoted\"\nreason"),
                List.of(EmfWriter.Metric.count("Quarantined", 3), new EmfWriter.Metric("Took", "Milliseconds", 12)),
                json -> json.writeStringField("Key", "raw/k"));

        assertThat(output.toString(UTF_8)).isEqualTo("{\"_aws\":{\"Timestamp\":1700000000123,\"CloudWatchMetrics\":[{"
                + "\"Namespace\":\"twt\",\"Dimensions\":[[\"FunctionName\",\"Reason\"]],\"Metrics\":["
                + "{\"Name\":\"Quarantined\",\"Unit\":\"Count\"},{\"Name\":\"Took\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"FunctionName\":\"f\",\"Reason\":\"a \\\"quoted\\\"\\nreason\",\"Quarantined\":3,\"Took\":12,\"Key\":\"raw/k\"}"
                + System.lineSeparator());
    }

    @Test
    void withoutDimensionsOfItsOwnTheSetIsFunctionNameAlone() {
        writer.write(Map.of(), List.of(EmfWriter.Metric.count("Objects", 1)), json -> { });

        assertThat(output.toString(UTF_8)).contains("\"Dimensions\":[[\"FunctionName\"]]").contains("\"FunctionName\":\"f\",\"Objects\":1}");
    }
}
