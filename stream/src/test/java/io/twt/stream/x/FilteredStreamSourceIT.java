package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.stream.RecordingLines;
import io.twt.stream.StderrCapture;
import io.twt.stream.StreamDefaults;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilteredStreamSourceIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String OPERATIONAL_DISCONNECT = "{\"errors\":[{\"title\":\"operational-disconnect\","
            + "\"disconnect_type\":\"OperationalDisconnect\",\"detail\":\"This stream has been disconnected for operational reasons.\","
            + "\"type\":\"https://api.twitter.com/2/problems/operational-disconnect\"}]}\r\n";

    private static final String TOO_MANY_CONNECTIONS = "{\"title\":\"ConnectionException\",\"detail\":\"This stream is currently "
            + "at the maximum allowed connection limit.\",\"connection_issue\":\"TooManyConnections\","
            + "\"type\":\"https://api.twitter.com/2/problems/streaming-connection\"}";

    private final RecordingLines lines = new RecordingLines(new Trimmer(InputFormat.AUTO));
    private final CountingCredentials credentials = new CountingCredentials();
    /** Each back-off asked for, with how many DELETE /2/connections/all X had received by then. */
    private final List<String> sleeps = new ArrayList<>();

    /** Hands out token-1, then token-2 after the first refresh. */
    static final class CountingCredentials implements CredentialsSource {
        final AtomicInteger refreshes = new AtomicInteger();

        @Override
        public XCredentials current() {
            return new XCredentials("token-" + (refreshes.get() + 1), null, null, null, null);
        }

        @Override
        public XCredentials refresh() {
            refreshes.incrementAndGet();
            return current();
        }
    }

    @Test
    void reconnectsAfterEachKindOfFailureWithXsBackOff() throws Exception {
        String post = post();
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            // a post split across chunks, a keep-alive, a second post, then the server ends the stream
            x.then(XStandIn.stream(post.substring(0, 100), post.substring(100) + "\r\n", "\r\n", post + "\r\n"));
            x.then(x.streamThenHang(post + "\r\n"));                                    // then silence: a stall
            x.then(XStandIn.status(429, "x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 120)));
            x.then(XStandIn.status(503, null, null));
            x.then(XStandIn.answer(503, null, null, "{\"title\":\"Service Unavailable\",\"detail\":\"Try again later\"}"));
            x.then(x.streamThenHang(OPERATIONAL_DISCONNECT));
            x.then(XStandIn.status(401, null, null));
            x.then(x.streamThenHang(post + "\r\n"));

            runUntil(source(x, Duration.ofMillis(300)), () -> lines.posts.sum() >= 4);

            assertThat(lines.posts.sum()).isEqualTo(4);
            assertThat(lines.keepalive.sum()).isEqualTo(1);
            assertThat(lines.control.sum()).isEqualTo(1);
            assertThat(lines.depth()).isEqualTo(4);
            assertThat(sleeps).containsExactly(
                    "PT0.25S after 0 DELETE",  // stream ended: network back-off starts at 250 ms
                    "PT0.25S after 0 DELETE",  // stall: the 200 before reset the back-off
                    "PT2M after 0 DELETE",     // 429 (a rate limit): x-rate-limit-reset is later than the 60 s minimum
                    "PT5S after 0 DELETE",     // 503
                    "PT10S after 0 DELETE",    // 503 again: doubled
                    "PT5S after 0 DELETE");    // 401 after a 200 (operational-disconnect: no wait at all)
            assertThat(lines.reconnects("stream_ended")).isEqualTo(1);
            assertThat(lines.reconnects("stall")).isEqualTo(1);
            assertThat(lines.reconnects("rate_limited")).isEqualTo(1);
            assertThat(lines.reconnects("http_error")).isEqualTo(2);
            assertThat(lines.reconnects("operational_disconnect")).isEqualTo(1);
            assertThat(lines.reconnects("unauthorized")).isEqualTo(1);
            assertThat(credentials.refreshes).hasValue(1);
            assertThat(x.streamRequests).hasSize(8).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.uri()).isEqualTo("/2/tweets/search/stream?tweet.fields=created_at,public_metrics,author_id,note_tweet,entities"
                        + "&expansions=author_id&user.fields=username,name,public_metrics,verified,verified_type");
            });
            assertThat(x.streamRequests.subList(0, 7)).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
            assertThat(x.streamRequests.get(7).authorization()).isEqualTo("Bearer token-2");
            assertThat(x.rulesRequests).extracting(XStandIn.Received::method).containsExactly("GET", "POST");
            assertThat(log.text()).contains("reconnecting").contains("HTTP 503: Service Unavailable; Try again later")
                    .doesNotContain("token-1").doesNotContain("token-2");
        }
    }

    @Test
    void tooManyConnectionsEndsAllOfTheAppsConnectionsOnceThenReconnectsAfterThe429BackOff() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 1);

            assertThat(x.connectionsRequests).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.uri()).isEqualTo("/2/connections/all");
                assertThat(r.authorization()).isEqualTo("Bearer token-1");
            });
            assertThat(sleeps).containsExactly("PT1M after 1 DELETE");
            assertThat(x.streamRequests).hasSize(2);
            assertThat(lines.reconnects("too_many_connections")).isEqualTo(1);
            assertThat(lines.reconnects("rate_limited")).isZero();
            assertThat(log.text())
                    .contains("asked X to end all of the app's streaming connections (HTTP 200: {\"data\":{\"killed_connections\":true}})")
                    .contains("too_many_connections: HTTP 429: ConnectionException; This stream is currently at the maximum allowed "
                            + "connection limit.")
                    .doesNotContain("token-1");
        }
    }

    @Test
    void tooManyConnectionsEndsTheConnectionsOnlyOnceAndNeverAfterThisSourceHasStreamed() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(XStandIn.answer(429, null, null, "{\"errors\":[" + TOO_MANY_CONNECTIONS + "]}"));
            x.then(XStandIn.stream(post() + "\r\n"));          // connected, then the stream ends (cut off by a successor)
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 2);

            assertThat(sleeps).containsExactly(
                    "PT1M after 1 DELETE",     // the newcomer's one DELETE
                    "PT2M after 1 DELETE",     // only the doubled back-off
                    "PT0.25S after 1 DELETE",  // the stream ended after a 200: the back-offs start again
                    "PT1M after 1 DELETE");    // it has streamed: it never ends its successor's connection
            assertThat(lines.reconnects("too_many_connections")).isEqualTo(3);
        }
    }

    /** The instance being replaced, cut off by its successor's DELETE, must not cut the successor off in turn. */
    @Test
    void aSourceThatHasStreamedNeverEndsTheConnectionThatDisplacedIt() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.then(XStandIn.stream(post() + "\r\n"));
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 2);

            assertThat(x.connectionsRequests).isEmpty();
            assertThat(sleeps).containsExactly("PT0.25S after 0 DELETE", "PT1M after 0 DELETE");
            assertThat(lines.reconnects("too_many_connections")).isEqualTo(1);
        }
    }

    @Test
    void a429ThatIsNotTooManyConnectionsEndsNoConnection() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.then(XStandIn.answer(429, null, null, "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\","
                    + "\"type\":\"about:blank\",\"status\":429}"));
            x.then(XStandIn.answer(429, null, null, "{\"title\":\"ConnectionException\",\"detail\":\"Your subscription change "
                    + "is currently being provisioned, please try again in a minute.\",\"connection_issue\":\"ProvisioningSubscription\","
                    + "\"type\":\"https://api.twitter.com/2/problems/streaming-connection\"}"));
            x.then(XStandIn.answer(429, null, null, "Too Many Requests"));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 1);

            assertThat(x.connectionsRequests).isEmpty();
            assertThat(sleeps).containsExactly("PT1M after 0 DELETE", "PT2M after 0 DELETE", "PT4M after 0 DELETE");
            assertThat(lines.reconnects("rate_limited")).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"refused", "dropped"})
    void aDeleteThatFailsIsLoggedWithoutTheTokenAndTheBackOffFollows(String failure) throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.thenConnections(failure.equals("refused")
                    ? XStandIn.answer(403, null, null, "{\"title\":\"Forbidden\",\"detail\":\"Forbidden\"}")
                    : XStandIn.dropConnection());
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 1);

            assertThat(sleeps).containsExactly("PT1M after 1 DELETE");
            assertThat(log.text())
                    .contains(failure.equals("refused")
                            ? "X did not end the app's streaming connections (HTTP 403: Forbidden)"
                            : "could not ask X to end the app's streaming connections (IOException: ")
                    .doesNotContain("token-1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no answer", "an endless answer"})
    void aDeleteWithoutAnAnswerOrWithAnEndlessOneIsGivenUpAfterTheStallTimeout(String answer) throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            CountDownLatch gone = new CountDownLatch(1);
            x.thenConnections(answer.equals("no answer") ? x.hang() : XStandIn.trickle(gone));
            x.then(XStandIn.answer(429, null, null, TOO_MANY_CONNECTIONS));
            x.then(x.streamThenHang(post() + "\r\n"));
            long start = System.nanoTime();

            runUntil(source(x, Duration.ofMillis(300)), () -> lines.posts.sum() == 1);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(sleeps).containsExactly("PT1M after 1 DELETE");
            assertThat(log.text()).contains("X did not answer the request to end the app's streaming connections within 300 ms");
            if (answer.equals("an endless answer")) {
                assertThat(gone.await(5, TimeUnit.SECONDS)).as("the endless answer is cancelled").isTrue();
            }
        }
    }

    @Test
    void connectionsDroppedBeforeAnAnswerBackOffLinearlyBy250Milliseconds() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            for (int i = 0; i < 6; i++) {
                x.then(XStandIn.dropConnection());
            }
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 1);

            assertThat(sleeps).containsExactly("PT0.25S after 0 DELETE", "PT0.5S after 0 DELETE", "PT0.75S after 0 DELETE");
            assertThat(lines.reconnects("network")).isEqualTo(3);
            assertThat(log.text()).contains("stream disconnected (network: IOException: ");
        }
    }

    @Test
    void aConnectionBrokenMidStreamReconnectsAfterTheNetworkBackOff() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.then(XStandIn.streamThenBreak(post() + "\r\n"));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofSeconds(5)), () -> lines.posts.sum() == 2);

            assertThat(sleeps).containsExactly("PT0.25S after 0 DELETE");
            assertThat(lines.reconnects("network")).isEqualTo(1);
            assertThat(log.text()).contains("stream disconnected (network: IOException: ");
        }
    }

    @Test
    void aLineConsumerInterruptedWhileWaitingEndsTheSourceWithTheInterruptKept() throws Exception {
        try (XStandIn x = new XStandIn()) {
            x.then(x.streamThenHang(post() + "\r\n"));
            FilteredStreamSource source = new FilteredStreamSource(HttpClient.newHttpClient(), x.baseUrl(), credentials,
                    List.of(StreamDefaults.DEFAULT_RULE), (src, line, buf, len, truncated) -> {
                        throw new InterruptedException("the queue wait was interrupted");
                    }, lines, d -> { }, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
            List<Object> outcome = new ArrayList<>();
            Thread thread = new Thread(() -> {
                try {
                    source.run();
                } catch (Exception e) {
                    outcome.add(e);
                    outcome.add(Thread.currentThread().isInterrupted());
                }
            });

            thread.start();
            thread.join(5000);
            source.stop();

            assertThat(thread.isAlive()).isFalse();
            assertThat(outcome).hasSize(2);
            assertThat(outcome.get(0)).isInstanceOf(InterruptedException.class);
            assertThat(outcome.get(1)).isEqualTo(true);
            assertThat(x.streamRequests).hasSize(1);
        }
    }

    @Test
    void aStreamSilentForTheStallTimeoutReconnects() throws Exception {
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.then(x.streamThenHang(post() + "\r\n"));
            x.then(x.streamThenHang(post() + "\r\n"));

            runUntil(source(x, Duration.ofMillis(300)), () -> lines.posts.sum() == 2);

            assertThat(sleeps).containsExactly("PT0.25S after 0 DELETE");
            assertThat(lines.reconnects("stall")).isEqualTo(1);
            assertThat(log.text()).contains("stream disconnected (stall: no data for 300 ms)");
        }
    }

    private static String post() throws Exception {
        return Files.readAllLines(Path.of("../events/sample-stream.ndjson")).get(1);
    }

    private FilteredStreamSource source(XStandIn x, Duration stallTimeout) {
        return new FilteredStreamSource(HttpClient.newHttpClient(), x.baseUrl(), credentials,
                List.of(StreamDefaults.DEFAULT_RULE), lines,
                lines, d -> {
                    synchronized (sleeps) {
                        sleeps.add(d + " after " + x.connectionsRequests.size() + " DELETE");
                    }
                }, Clock.fixed(NOW, ZoneOffset.UTC), stallTimeout);
    }

    /**
     * Runs the source on its own thread until {@code done} holds (10 s at most) or the thread ends,
     * then stops it: the source must end within 2 s, however long its stall timeout.
     */
    private static void runUntil(FilteredStreamSource source, BooleanSupplier done) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        Thread thread = new Thread(() -> {
            try {
                source.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (XRefused | RuntimeException e) {
                failures.add(e);
            }
        });
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        source.stop();
        thread.join(2000);
        assertThat(failures).isEmpty();
        assertThat(thread.isAlive()).as("the source still runs after stop()").isFalse();
        assertThat(done.getAsBoolean()).isTrue();
    }
}
