package io.twt.forwarder.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.RecordingSleeper;
import io.twt.forwarder.StderrCapture;
import io.twt.forwarder.config.ForwarderConfig;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.source.LineForwarder;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FilteredStreamSourceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String OPERATIONAL_DISCONNECT = "{\"errors\":[{\"title\":\"operational-disconnect\","
            + "\"disconnect_type\":\"OperationalDisconnect\",\"detail\":\"This stream has been disconnected for operational reasons.\","
            + "\"type\":\"https://api.twitter.com/2/problems/operational-disconnect\"}]}\r\n";

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
        String post = Files.readAllLines(Path.of("../events/sample-stream.ndjson")).get(1);
        ForwarderMetrics metrics = new ForwarderMetrics();
        RecordQueue queue = new RecordQueue(100, metrics);
        RecordingSleeper sleeper = new RecordingSleeper();
        CountingCredentials credentials = new CountingCredentials();
        try (FakeXServer x = new FakeXServer(); StderrCapture log = new StderrCapture()) {
            // a post split across chunks, a keep-alive, a second post, then the server ends the stream
            x.then(FakeXServer.stream(post.substring(0, 100), post.substring(100) + "\r\n", "\r\n", post + "\r\n"));
            x.then(x.streamThenHang(post + "\r\n"));                                    // then silence: a stall
            x.then(FakeXServer.status(429, "x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 120)));
            x.then(FakeXServer.status(503, null, null));
            x.then(FakeXServer.answer(503, null, null, "{\"title\":\"Service Unavailable\",\"detail\":\"Try again later\"}"));
            x.then(x.streamThenHang(OPERATIONAL_DISCONNECT));
            x.then(FakeXServer.status(401, null, null));
            x.then(x.streamThenHang(post + "\r\n"));
            FilteredStreamSource source = new FilteredStreamSource(HttpClient.newHttpClient(), x.baseUrl(), credentials,
                    List.of(ForwarderConfig.DEFAULT_RULE), new LineForwarder(new Trimmer(InputFormat.AUTO), queue, metrics),
                    metrics::reconnect, sleeper, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(300));
            Thread thread = new Thread(() -> {
                try {
                    source.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (XRefused e) {
                    throw new AssertionError(e);
                }
            });
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (metrics.posts.sum() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            source.stop();
            thread.join(5000);

            assertThat(thread.isAlive()).isFalse();
            assertThat(metrics.posts.sum()).isEqualTo(4);
            assertThat(metrics.keepalive.sum()).isEqualTo(1);
            assertThat(metrics.control.sum()).isEqualTo(1);
            assertThat(queue.depth()).isEqualTo(4);
            assertThat(sleeper.sleeps()).containsExactly(
                    Duration.ofMillis(250),   // stream ended: network back-off starts at 250 ms
                    Duration.ofMillis(250),   // stall: the 200 before reset the back-off
                    Duration.ofSeconds(120),  // 429: x-rate-limit-reset is later than the 60 s minimum
                    Duration.ofSeconds(5),    // 503
                    Duration.ofSeconds(10),   // 503 again: doubled
                    Duration.ofSeconds(5));   // 401 after a 200 (operational-disconnect: no wait at all)
            assertThat(metrics.reconnects("stream_ended")).isEqualTo(1);
            assertThat(metrics.reconnects("stall")).isEqualTo(1);
            assertThat(metrics.reconnects("rate_limited")).isEqualTo(1);
            assertThat(metrics.reconnects("http_error")).isEqualTo(2);
            assertThat(metrics.reconnects("operational_disconnect")).isEqualTo(1);
            assertThat(metrics.reconnects("unauthorized")).isEqualTo(1);
            assertThat(credentials.refreshes).hasValue(1);
            assertThat(x.streamRequests).hasSize(8).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.uri()).isEqualTo("/2/tweets/search/stream?tweet.fields=created_at,public_metrics,author_id,note_tweet"
                        + "&expansions=author_id&user.fields=username,name,public_metrics,verified,verified_type");
            });
            assertThat(x.streamRequests.subList(0, 7)).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
            assertThat(x.streamRequests.get(7).authorization()).isEqualTo("Bearer token-2");
            assertThat(x.rulesRequests).extracting(FakeXServer.Received::method).containsExactly("GET", "POST");
            assertThat(log.text()).contains("reconnecting").contains("HTTP 503: Service Unavailable; Try again later")
                    .doesNotContain("token-1").doesNotContain("token-2");
        }
    }
}
