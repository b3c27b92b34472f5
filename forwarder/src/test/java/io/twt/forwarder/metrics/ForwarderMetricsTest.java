package io.twt.forwarder.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ForwarderMetricsTest {

    @Test
    void theMetricsLineIsOneJsonObjectWithEveryCounter() throws Exception {
        ForwarderMetrics m = new ForwarderMetrics();
        m.queueDepth(() -> 7);
        m.received.add(10);
        m.rejected("not_json");
        m.reconnect("stall");
        m.reconnect("stall");
        m.putCalls.add(2);
        m.recordsSent.add(901);

        String line = m.toJson(new ObjectMapper());

        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.fieldNames()).toIterable().contains("received", "posts", "control", "keepalive", "rejected",
                "forwarded", "put_calls", "failed_entries", "retries", "dead_lettered", "reconnects", "queue_depth",
                "records_per_call");
        assertThat(json.path("reconnects").path("stall").asLong()).isEqualTo(2);
        assertThat(json.path("rejected_by_reason").path("not_json").asLong()).isEqualTo(1);
        assertThat(json.path("queue_depth").asInt()).isEqualTo(7);
        assertThat(json.path("records_per_call").asDouble()).isEqualTo(450.5);
    }
}
