package io.twt.forwarder.x;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.forwarder.config.ForwarderConfig;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRulesSyncTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void deletesUnwantedTwtRulesAddsMissingOnesLeavesOthersAloneAndIsIdempotent() throws Exception {
        try (FakeXServer x = new FakeXServer()) {
            x.rules.addObject().put("id", "1").put("value", "$OLD").put("tag", "twt");
            x.rules.addObject().put("id", "2").put("value", ForwarderConfig.DEFAULT_RULE).put("tag", "twt");
            x.rules.addObject().put("id", "3").put("value", "from:someone").put("tag", "other-tool");
            StreamRulesSync sync = new StreamRulesSync(HttpClient.newHttpClient(), x.baseUrl(),
                    new FilteredStreamSourceTest.CountingCredentials(), mapper);
            List<String> wanted = List.of(ForwarderConfig.DEFAULT_RULE, "$BTC");

            StreamRulesSync.Changes first = sync.sync(wanted);

            assertThat(first.deletedIds()).containsExactly("1");
            assertThat(first.added()).containsExactly("$BTC");
            assertThat(x.rulesRequests).extracting(FakeXServer.Received::method).containsExactly("GET", "POST", "POST");
            assertThat(mapper.readTree(x.rulesRequests.get(1).body())).isEqualTo(mapper.readTree("{\"delete\":{\"ids\":[\"1\"]}}"));
            assertThat(mapper.readTree(x.rulesRequests.get(2).body()))
                    .isEqualTo(mapper.readTree("{\"add\":[{\"value\":\"$BTC\",\"tag\":\"twt\"}]}"));
            assertThat(x.rulesRequests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
            assertThat(values(x)).containsExactlyInAnyOrder(ForwarderConfig.DEFAULT_RULE, "from:someone", "$BTC");

            StreamRulesSync.Changes second = sync.sync(wanted);

            assertThat(second.deletedIds()).isEmpty();
            assertThat(second.added()).isEmpty();
            assertThat(x.rulesRequests).hasSize(4);
            assertThat(x.rulesRequests.get(3).method()).isEqualTo("GET");
        }
    }

    private static List<String> values(FakeXServer x) {
        List<String> values = new ArrayList<>();
        for (JsonNode r : x.rules) {
            values.add(r.path("value").asText());
        }
        return values;
    }
}
