package io.twt.forwarder.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twt.forwarder.AwsClients;
import io.twt.forwarder.Forwarder;
import io.twt.forwarder.RecordingSleeper;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.source.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;

class ForwarderShutdownTest {

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();

    /** Queues {@code count} records, then waits like a live stream until stopped. */
    private final class QueueingSource implements Source {
        private final RecordQueue queue;
        private final int count;
        final CountDownLatch queued = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);

        QueueingSource(RecordQueue queue, int count) {
            this.queue = queue;
            this.count = count;
        }

        @Override
        public void run() throws InterruptedException {
            for (int i = 0; i < count; i++) {
                queue.put(("{\"id\":\"" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
            queued.countDown();
            stopped.await();
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }

    @Test
    void shutdownStopsTheSourceDrainsTheQueueAndFlushesThePartialBatch() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FakeFirehose(0.0, false))) {
            RecordQueue queue = new RecordQueue(5000, metrics);
            QueueingSource source = new QueueingSource(queue, 1234);
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            Batcher batcher = new Batcher(queue, delivery(firehose.client, dlq), Duration.ofMinutes(10), 2, dlq, metrics);
            Forwarder forwarder = new Forwarder(source, batcher, Duration.ofSeconds(20));
            forwarder.start();
            source.queued.await();

            long t0 = System.nanoTime();
            assertThat(forwarder.shutdown()).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            assertThat(firehose.fake.accepted).hasSize(1234);
            assertThat(metrics.forwarded.sum()).isEqualTo(1234);
            assertThat(queue.depth()).isZero();
            assertThat(dlq.path()).doesNotExist();
        }
    }

    @Test
    void aPartialBatchIsSentWhenTheFlushIntervalPasses() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FakeFirehose(0.0, false))) {
            RecordQueue queue = new RecordQueue(100, metrics);
            QueueingSource source = new QueueingSource(queue, 7);
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            Batcher batcher = new Batcher(queue, delivery(firehose.client, dlq), Duration.ofMillis(100), 1, dlq, metrics);
            Forwarder forwarder = new Forwarder(source, batcher, Duration.ofSeconds(5));
            forwarder.start();

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (firehose.fake.accepted.size() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(firehose.fake.accepted).hasSize(7);
            assertThat(firehose.fake.requests).hasSize(1);
            forwarder.shutdown();
        }
    }

    @Test
    void pastTheDeadlineWhatIsNotDeliveredIsDeadLettered() throws Exception {
        WireMockServer slow = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        slow.start();
        slow.stubFor(post("/").willReturn(aResponse().withFixedDelay(10_000).withStatus(500)));
        try (FirehoseClient client = AwsClients.firehose(slow.baseUrl(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))) {
            RecordQueue queue = new RecordQueue(2000, metrics);
            QueueingSource source = new QueueingSource(queue, 1200);
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            Batcher batcher = new Batcher(queue, delivery(client, dlq), Duration.ofMinutes(10), 1, dlq, metrics);
            Forwarder forwarder = new Forwarder(source, batcher, Duration.ofMillis(500));
            forwarder.start();
            source.queued.await();

            long t0 = System.nanoTime();
            assertThat(forwarder.shutdown()).isFalse();

            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(9));
            assertThat(Files.readAllLines(dlq.path())).hasSize(1200).doesNotHaveDuplicates();
            assertThat(metrics.deadLettered.sum()).isEqualTo(1200);
        } finally {
            slow.stop();
        }
    }

    private FirehoseDelivery delivery(FirehoseClient client, DeadLetterFile dlq) {
        return new FirehoseDelivery(client, "twt", new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)),
                new RecordingSleeper(), () -> 0.5, dlq, metrics);
    }
}
