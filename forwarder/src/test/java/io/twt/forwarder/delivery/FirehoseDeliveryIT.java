package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.StderrCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FirehoseDelivery through the real SDK client against a loopback Firehose. */
class FirehoseDeliveryIT {

    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @Test
    void everyRecordIsDeliveredOrDeadLetteredWithinTheBatchLimits() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(0.3, true))) {
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            FirehoseDelivery delivery = new FirehoseDelivery(firehose.client, "twt", new RetryPolicy(3, Duration.ofMillis(100),
                    Duration.ofSeconds(2)), sleeper, new Random(1)::nextDouble, dlq, metrics);
            RecordQueue queue = new RecordQueue(10_000, metrics);
            Batcher batcher = new Batcher(queue, delivery, Duration.ofMillis(50), 2, dlq, metrics);
            Set<String> sent = new HashSet<>();
            String pad = "x".repeat(300 * 1024);
            for (int i = 0; i < 3000; i++) {
                String id = Integer.toString(1_000_000 + i);
                sent.add(id);
                // every 50th record is 300 KiB, so that some batches are cut by size, not count
                queue.put(("{\"id\":\"" + id + "\",\"text\":\"" + (i % 50 == 0 ? pad : "t") + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
            Thread sender = new Thread(batcher);
            sender.start();
            batcher.finish(System.nanoTime());
            sender.join(60_000);
            assertThat(sender.isAlive()).isFalse();

            Set<String> accepted = ids(firehose.fake.accepted);
            Set<String> deadLettered = ids(Files.readAllLines(dlq.path()));
            Set<String> union = new HashSet<>(accepted);
            union.addAll(deadLettered);
            assertThat(union).isEqualTo(sent);
            assertThat(deadLettered).isNotEmpty();
            assertThat(metrics.forwarded.sum()).isEqualTo(accepted.size());
            assertThat(metrics.deadLettered.sum()).isEqualTo(Files.readAllLines(dlq.path()).size());
            assertThat(metrics.forwarded.sum() + metrics.deadLettered.sum()).isEqualTo(3000);
            assertThat(metrics.failedCalls.sum()).isPositive();
            assertThat(metrics.failedEntries.sum()).isPositive();

            int largest = 0;
            for (List<String> request : firehose.fake.requests) {
                long bytes = request.stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
                assertThat(request.size()).isLessThanOrEqualTo(500);
                assertThat(bytes).isLessThanOrEqualTo(4L * 1024 * 1024);
                assertThat(request).allSatisfy(r -> assertThat(r).endsWith("\n"));
                largest = Math.max(largest, request.size());
            }
            assertThat(largest).isEqualTo(500);
            assertThat(sleeper.sleeps()).hasSize((int) metrics.retries.sum())
                    .allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(2)));
        }
    }

    @Test
    void entriesStillFailingAfterTheRetryLimitAreDeadLetteredAsSent() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(1.0, false))) {
            DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dlq.ndjson"));
            FirehoseDelivery delivery = new FirehoseDelivery(firehose.client, "twt", new RetryPolicy(2, Duration.ofMillis(100),
                    Duration.ofSeconds(1)), sleeper, () -> 0.5, dlq, metrics);
            List<byte[]> batch = List.of("{\"id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8),
                    "{\"id\":\"2\"}\n".getBytes(StandardCharsets.UTF_8));

            try (StderrCapture log = new StderrCapture()) {
                delivery.deliver(batch, new Unacknowledged(batch));

                assertThat(log.text()).contains("2 of 2 entries failed: ServiceUnavailableException (after 2 retries)");
            }
            assertThat(firehose.fake.requests).hasSize(3);
            assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(Files.readString(dlq.path())).isEqualTo("{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
            assertThat(metrics.deadLettered.sum()).isEqualTo(2);
            assertThat(metrics.failedEntries.sum()).isEqualTo(6);
            assertThat(metrics.forwarded.sum()).isZero();
        }
    }
    private static Set<String> ids(Iterable<String> records) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String r : records) {
            Matcher m = ID.matcher(r);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
