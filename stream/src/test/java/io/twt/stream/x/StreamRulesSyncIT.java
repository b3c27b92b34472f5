package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.Sleeper;
import io.twt.stream.StderrCapture;
import io.twt.stream.StreamDefaults;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRulesSyncIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<String> WANTED = List.of(StreamDefaults.DEFAULT_RULE);

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final FilteredStreamSourceIT.CountingCredentials credentials = new FilteredStreamSourceIT.CountingCredentials();

    private StreamRulesSync sync(XStandIn x, Sleeper sleeper) {
        return new StreamRulesSync(HttpClient.newHttpClient(), x.baseUrl(), credentials, mapper, sleeper,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void deletesUnwantedTwtRulesAddsMissingOnesLeavesOthersAloneAndIsIdempotent() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.rules.addObject().put("id", "1").put("value", "$OLD").put("tag", "twt");
            x.rules.addObject().put("id", "2").put("value", StreamDefaults.DEFAULT_RULE).put("tag", "twt");
            x.rules.addObject().put("id", "3").put("value", "from:someone").put("tag", "other-tool");
            StreamRulesSync sync = sync(x, sleeper);
            List<String> wanted = List.of(StreamDefaults.DEFAULT_RULE, "$BTC");

            StreamRulesSync.Changes first = sync.sync(wanted);

            assertThat(first.deletedIds()).containsExactly("1");
            assertThat(first.added()).containsExactly("$BTC");
            assertThat(x.rulesRequests).extracting(XStandIn.Received::method).containsExactly("GET", "POST", "POST");
            assertThat(mapper.readTree(x.rulesRequests.get(1).body())).isEqualTo(mapper.readTree("{\"delete\":{\"ids\":[\"1\"]}}"));
            assertThat(mapper.readTree(x.rulesRequests.get(2).body()))
                    .isEqualTo(mapper.readTree("{\"add\":[{\"value\":\"$BTC\",\"tag\":\"twt\"}]}"));
            assertThat(x.rulesRequests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
            assertThat(values(x)).containsExactlyInAnyOrder(StreamDefaults.DEFAULT_RULE, "from:someone", "$BTC");
            assertThat(log.text()).contains("stream rules in sync: 1 deleted, 1 added, 1 kept");

            StreamRulesSync.Changes second = sync.sync(wanted);

            assertThat(second.deletedIds()).isEmpty();
            assertThat(second.added()).isEmpty();
            assertThat(x.rulesRequests).hasSize(4);
            assertThat(x.rulesRequests.get(3).method()).isEqualTo("GET");
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    @Test
    void retriesNetworkErrorsServerErrorsAndRateLimitsWithXsBackOffThenSyncs() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            // The JDK client resends a GET once by itself when the connection drops: two drops make one error.
            for (int i = 0; i < 4; i++) {
                x.thenRules(XStandIn.dropConnection());
            }
            x.thenRules(XStandIn.status(503, null, null));
            x.thenRules(XStandIn.status(500, null, null));
            x.thenRules(XStandIn.status(429, "x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 90)));
            x.thenRules(XStandIn.status(429, null, null));
            x.thenRules(XStandIn.answer(200, null, null, "<html>a proxy page</html>"));

            StreamRulesSync.Changes changes = sync(x, sleeper).sync(WANTED);

            assertThat(changes.added()).containsExactly(StreamDefaults.DEFAULT_RULE);
            assertThat(values(x)).containsExactly(StreamDefaults.DEFAULT_RULE);
            assertThat(sleeper.sleeps()).containsExactly(
                    Duration.ofMillis(250),   // network: linear from 250 ms
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5),    // HTTP error: exponential from 5 s
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(90),   // 429: x-rate-limit-reset is later than the 60 s minimum
                    Duration.ofSeconds(120),  // 429 again, no header: doubled
                    Duration.ofSeconds(20));  // a 200 that is not JSON counts as an HTTP error
            assertThat(x.rulesRequests).extracting(XStandIn.Received::method)
                    .containsExactly("GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST");
            assertThat(log.text()).contains("could not sync the stream rules (rate_limited: HTTP 429")
                    .contains("retrying in 90000 ms").doesNotContain("token-1");
        }
    }

    @Test
    void theHttpBackOffStopsGrowingAt320Seconds() throws Exception {
        try (XStandIn x = new XStandIn()) {
            for (int i = 0; i < 8; i++) {
                x.thenRules(XStandIn.status(503, null, null));
            }

            sync(x, sleeper).sync(WANTED);

            assertThat(sleeper.sleeps()).extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 320L);
        }
    }

    @Test
    void a401ReadsTheCredentialsAgainOnceThenFailsWithoutTheToken() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenRules(XStandIn.answer(401, null, null, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}"));
            x.thenRules(XStandIn.answer(401, null, null, "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}"));

            assertThatThrownBy(() -> sync(x, sleeper).sync(WANTED))
                    .isInstanceOf(XRefused.class)
                    .hasMessage("X answered HTTP 401 to read the stream rules even with the credentials read again: "
                            + "the bearer token is not valid (Unauthorized)");

            assertThat(credentials.refreshes).hasValue(1);
            assertThat(x.rulesRequests).extracting(XStandIn.Received::authorization).containsExactly("Bearer token-1", "Bearer token-2");
            assertThat(sleeper.sleeps()).isEmpty();
            assertThat(log.text()).doesNotContain("token-1").doesNotContain("token-2");
        }
    }

    @Test
    void a401WhoseCredentialsCannotBeReadAgainBacksOffAndTriesAgain() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenRules(XStandIn.status(401, null, null));
            CredentialsSource unreadable = new CredentialsSource() {
                @Override
                public XCredentials current() {
                    return new XCredentials("token-1", null, null, null, null);
                }

                @Override
                public XCredentials refresh() {
                    throw new IllegalStateException("secret twt/x is not a JSON object");
                }
            };

            new StreamRulesSync(HttpClient.newHttpClient(), x.baseUrl(), unreadable, mapper, sleeper,
                    Clock.fixed(NOW, ZoneOffset.UTC)).sync(WANTED);

            assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(5));
            assertThat(values(x)).containsExactly(StreamDefaults.DEFAULT_RULE);
            assertThat(log.text()).contains("could not read the X credentials again: secret twt/x is not a JSON object");
        }
    }

    @Test
    void a403FailsAtOnceSayingTheTokenLacksAccess() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.thenRules(XStandIn.answer(403, null, null, "{\"client_id\":\"1\",\"detail\":\"When authenticating requests to the "
                    + "Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.\","
                    + "\"registration_url\":\"https://developer.twitter.com/en/docs/projects/overview\",\"title\":\"Client Forbidden\","
                    + "\"required_enrollment\":\"Appropriate Level of API Access\",\"reason\":\"client-not-enrolled\","
                    + "\"type\":\"https://api.twitter.com/2/problems/client-forbidden\"}"));

            assertThatThrownBy(() -> sync(x, sleeper).sync(WANTED))
                    .isInstanceOf(XRefused.class)
                    .hasMessageStartingWith("X answered HTTP 403 to read the stream rules: the bearer token lacks access to the filtered stream")
                    .hasMessageContaining("Client Forbidden; When authenticating requests");

            assertThat(x.rulesRequests).hasSize(1);
            assertThat(credentials.refreshes).hasValue(0);
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    @Test
    void aBadRequestOrARuleXWillNotCreateFailsAtOnceWithXsExplanation() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.thenRules(XStandIn.answer(400, null, null, "{\"errors\":[{\"parameters\":{},\"message\":\"Rules must contain a "
                    + "non-empty value\"}],\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\"}"));

            assertThatThrownBy(() -> sync(x, sleeper).sync(WANTED))
                    .isInstanceOf(XRefused.class)
                    .hasMessage("X refused to read the stream rules (HTTP 400): Invalid Request; "
                            + "One or more parameters to your request was invalid.; Rules must contain a non-empty value");

            x.thenRules(XStandIn.answer(200, null, null, "{\"meta\":{\"result_count\":0}}"));
            x.thenRules(XStandIn.answer(200, null, null, "{\"errors\":[{\"value\":\"$UOS OR\",\"details\":[\"Ambiguous use of or as a "
                    + "keyword. Use a capitalized OR for a logical or.\"],\"title\":\"UnprocessableEntity\"}],"
                    + "\"meta\":{\"summary\":{\"created\":0,\"not_created\":1,\"valid\":0,\"invalid\":1}}}"));

            assertThatThrownBy(() -> sync(x, sleeper).sync(List.of("$UOS OR")))
                    .isInstanceOf(XRefused.class)
                    .hasMessage("X did not create every stream rule: rule \"$UOS OR\": UnprocessableEntity; "
                            + "rule \"$UOS OR\": Ambiguous use of or as a keyword. Use a capitalized OR for a logical or.");
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    @Test
    void aStopDuringTheBackOffEndsTheSync() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.thenRules(XStandIn.status(503, null, null));
            List<Duration> asked = new ArrayList<>();
            Sleeper stopped = d -> {
                asked.add(d);
                throw new InterruptedException("SIGTERM");
            };

            assertThatThrownBy(() -> sync(x, stopped).sync(WANTED)).isInstanceOf(InterruptedException.class);

            assertThat(asked).containsExactly(Duration.ofSeconds(5));
            assertThat(x.rulesRequests).hasSize(1);
        }
    }

    private static List<String> values(XStandIn x) {
        List<String> values = new ArrayList<>();
        for (JsonNode r : x.rules) {
            values.add(r.path("value").asText());
        }
        return values;
    }
}
