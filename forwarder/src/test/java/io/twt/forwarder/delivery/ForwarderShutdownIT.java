package io.twt.forwarder.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.AwsClients;
import io.twt.forwarder.Forwarder;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.source.LineForwarder;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.source.ReplaySource;
import io.twt.stream.source.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;

class ForwarderShutdownIT {

    /**
     * What a shutdown may take past its deadline: the last join returns at the deadline, and a loaded
     * machine (or PIT's instrumented run) schedules what follows a little later. The faults this class
     * reproduces took seconds past it.
     */
    private static final Duration SCHEDULER_SLACK = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();

    /** Queues {@code count} records, then waits like a live stream until stopped. */
    private final class QueueingSource implements Source {
        private final RecordQueue queue;
        private final int count;
        final CountDownLatch queued = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);

        private final IntFunction<String> record;

        QueueingSource(RecordQueue queue, int count) {
            this(queue, count, i -> "{\"id\":\"" + i + "\"}\n");
        }

        QueueingSource(RecordQueue queue, int count, IntFunction<String> record) {
            this.queue = queue;
            this.count = count;
            this.record = record;
        }

        @Override
        public void run() throws InterruptedException {
            for (int i = 0; i < count; i++) {
                queue.put(record.apply(i).getBytes(StandardCharsets.UTF_8));
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
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(0.0, false))) {
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
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(0.0, false))) {
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

            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            report("slow Firehose", took, Duration.ofMillis(500));
            assertThat(took).isLessThan(Duration.ofMillis(500).plus(SCHEDULER_SLACK));
            assertThat(Files.readAllLines(dlq.path())).hasSize(1200).doesNotHaveDuplicates();
            assertThat(metrics.deadLettered.sum()).isEqualTo(1200);
        } finally {
            slow.stop();
        }
    }

    @Test
    void aFirehoseThatAcceptsAndNeverAnswersLosesNoRecordAndShutdownEndsWithinTheDeadline() throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        try (SilentFirehoseStandIn firehose = new SilentFirehoseStandIn()) {
            RecordQueue queue = new RecordQueue(100, metrics);
            String pad = "x".repeat(999_980);
            // 1 MB records: batch 1 (0-3) is stuck in its call, batch 2 (4-7) waits for the sender with 8 in hand
            Source source = new QueueingSource(queue, 10, i -> "{\"id\":\"" + i + "\",\"t\":\"" + pad + "\"}\n");
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            Batcher batcher = new Batcher(queue, delivery(firehose.client, dlq), Duration.ofMinutes(10), 1, dlq, metrics);
            Forwarder forwarder = new Forwarder(source, batcher, deadline);
            forwarder.start();
            awaitTrue(() -> queue.depth() == 1 && firehose.connections() == 1);
            Thread.sleep(50);

            long t0 = System.nanoTime();
            assertThat(forwarder.shutdown()).isFalse();

            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            report("never-answering Firehose, record in hand", took, deadline);
            assertThat(took).isLessThan(deadline.plus(SCHEDULER_SLACK));
            assertThat(Files.readAllLines(dlq.path())).hasSize(10).doesNotHaveDuplicates();
            assertThat(metrics.deadLettered.sum()).isEqualTo(10);
            assertThat(metrics.forwarded.sum()).isZero();
        }
    }

    @Test
    void aSourceBlockedOnAFullQueueAtShutdownLosesNoLineItRead() throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        Path stream = dir.resolve("stream.ndjson");
        byte[] sample = Files.readAllBytes(Path.of("../events/sample-stream.ndjson"));
        for (int i = 0; i < 4; i++) {
            Files.write(stream, sample, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        try (SilentFirehoseStandIn firehose = new SilentFirehoseStandIn()) {
            RecordQueue queue = new RecordQueue(10, metrics);
            LineForwarder lines = new LineForwarder(new Trimmer(InputFormat.AUTO), queue, metrics);
            Source source = new ReplaySource(stream, lines, 0, System::nanoTime, new RecordingSleeper());
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            Batcher batcher = new Batcher(queue, delivery(firehose.client, dlq), Duration.ofMillis(50), 1, dlq, metrics);
            Forwarder forwarder = new Forwarder(source, batcher, deadline);
            forwarder.start();
            // the sender is stuck in a call, the batcher waits for it with a batch, the queue is full
            awaitTrue(() -> metrics.queueFullWaits.sum() > 0 && queue.depth() == 10);
            Thread.sleep(50);

            long t0 = System.nanoTime();
            assertThat(forwarder.shutdown()).isFalse();

            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            report("never-answering Firehose, source blocked on a full queue", took, deadline);
            assertThat(took).isLessThan(deadline.plus(SCHEDULER_SLACK));
            assertThat(metrics.received.sum()).isEqualTo(metrics.posts.sum() + metrics.notices.sum() + metrics.control.sum()
                    + metrics.keepalive.sum() + metrics.rejected.sum());
            // the compliance notices are records like the posts: queued, sent, or dead-lettered
            long records = metrics.posts.sum() + metrics.notices.sum();
            assertThat(records).isEqualTo(metrics.forwarded.sum() + metrics.deadLettered.sum());
            assertThat(metrics.forwarded.sum()).isZero();
            assertThat(Files.readAllLines(dlq.path())).hasSize((int) records);
            assertThat(metrics.posts.sum()).isLessThan(4 * 338);
        }
    }

    private void report(String run, Duration took, Duration deadline) {
        System.out.printf("%s: shutdown took %d ms of a %d ms deadline; received %d = posts %d + notices %d + control %d"
                + " + keepalive %d + rejected %d; posts and notices %d = forwarded %d + dead-lettered %d%n", run, took.toMillis(),
                deadline.toMillis(), metrics.received.sum(), metrics.posts.sum(), metrics.notices.sum(), metrics.control.sum(),
                metrics.keepalive.sum(), metrics.rejected.sum(), metrics.posts.sum() + metrics.notices.sum(),
                metrics.forwarded.sum(), metrics.deadLettered.sum());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private FirehoseDelivery delivery(FirehoseClient client, DeadLetterFile dlq) {
        return new FirehoseDelivery(client, "twt", new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)),
                new RecordingSleeper(), () -> 0.5, dlq, metrics);
    }
}
