package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.Sleeper;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

class FirehoseDeliveryTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"(\\d+)\"");

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @Test
    void everyRecordIsDeliveredOrDeadLetteredWithinTheBatchLimits() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FakeFirehose(0.3, true))) {
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
        try (FirehoseFixture firehose = new FirehoseFixture(new FakeFirehose(1.0, false))) {
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

    private FirehoseDelivery stubDelivery(StubFirehose firehose, io.twt.stream.Sleeper sleeper) {
        return new FirehoseDelivery(firehose, "twt", new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)),
                sleeper, () -> 0.5, new DeadLetterFile(dir.resolve("dlq.ndjson")), metrics);
    }

    private static final List<byte[]> TWO = List.of("{\"id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"2\"}\n".getBytes(StandardCharsets.UTF_8));

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void aResponseWithFewerEntriesThanRecordsIsAFailedCallNeverAnAcceptance() throws Exception {
        StubFirehose firehose = new StubFirehose(records -> PutRecordBatchResponse.builder().failedPutCount(0)
                .requestResponses(PutRecordBatchResponseEntry.builder().recordId("r0").build()).build());

        stubDelivery(firehose, sleeper).deliver(TWO, new Unacknowledged(TWO));

        assertThat(firehose.requestSizes()).containsExactly(2, 2, 2);
        assertThat(metrics.forwarded.sum()).isZero();
        assertThat(metrics.failedCalls.sum()).isEqualTo(3);
        assertThat(metrics.failedEntries.sum()).isZero();
        assertThat(metrics.deadLettered.sum()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("dlq.ndjson"))).isEqualTo("{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void aFailedPutCountThatDisagreesWithTheEntriesIsAFailedCallAndTheWholeBatchIsResent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StubFirehose firehose = new StubFirehose(records -> calls.incrementAndGet() == 1
                ? StubFirehose.answer(records.size(), List.of()).toBuilder().failedPutCount(1).build()
                : StubFirehose.answer(records.size(), List.of()));

        stubDelivery(firehose, sleeper).deliver(TWO, new Unacknowledged(TWO));

        assertThat(firehose.requestSizes()).containsExactly(2, 2);
        assertThat(metrics.failedCalls.sum()).isEqualTo(1);
        assertThat(metrics.retries.sum()).isEqualTo(1);
        assertThat(metrics.forwarded.sum()).isEqualTo(2);
        assertThat(dir.resolve("dlq.ndjson")).doesNotExist();
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void withoutAFailedPutCountOnlyTheEntriesWithAnErrorCodeAreResent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StubFirehose firehose = new StubFirehose(records -> (calls.incrementAndGet() == 1
                ? StubFirehose.answer(records.size(), List.of(1))
                : StubFirehose.answer(records.size(), List.of())).toBuilder().failedPutCount(null).build());

        stubDelivery(firehose, sleeper).deliver(TWO, new Unacknowledged(TWO));

        assertThat(firehose.requests).containsExactly(List.of("{\"id\":\"1\"}\n", "{\"id\":\"2\"}\n"), List.of("{\"id\":\"2\"}\n"));
        assertThat(metrics.failedEntries.sum()).isEqualTo(1);
        assertThat(metrics.forwarded.sum()).isEqualTo(2);
        assertThat(metrics.recordsSent.sum()).isEqualTo(3);
        assertThat(metrics.putCalls.sum()).isEqualTo(2);
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void interruptedWhileBackingOffItThrowsAndLeavesTheUnacceptedRecordsUnacknowledged() {
        StubFirehose firehose = new StubFirehose(records -> StubFirehose.answer(records.size(), List.of(1)));
        Unacknowledged unacknowledged = new Unacknowledged(TWO);

        assertThatThrownBy(() -> stubDelivery(firehose, d -> {
            throw new InterruptedException("deadline");
        }).deliver(TWO, unacknowledged)).isInstanceOf(InterruptedException.class);

        assertThat(unacknowledged.take()).containsExactly(TWO.get(1));
        assertThat(metrics.forwarded.sum()).isEqualTo(1);
        assertThat(metrics.deadLettered.sum()).isZero();
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void aCallThatFailsBecauseTheSenderWasInterruptedIsNotRetried() {
        StubFirehose firehose = new StubFirehose(records -> {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("aborted");
        });
        Unacknowledged unacknowledged = new Unacknowledged(TWO);
        try {
            assertThatThrownBy(() -> stubDelivery(firehose, sleeper).deliver(TWO, unacknowledged))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(firehose.requests).hasSize(1);
        assertThat(metrics.failedCalls.sum()).isZero();
        assertThat(unacknowledged.take()).containsExactlyElementsOf(TWO);
    }

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void aBatchTakenForTheDeadLetterFileDuringItsCallIsNotAlsoCountedForwarded() throws Exception {
        Unacknowledged unacknowledged = new Unacknowledged(TWO);
        StubFirehose firehose = new StubFirehose(records -> {
            assertThat(unacknowledged.take()).hasSize(2); // the shutdown deadline, while the call is out
            return StubFirehose.answer(records.size(), List.of(1));
        });

        stubDelivery(firehose, sleeper).deliver(TWO, unacknowledged);

        assertThat(firehose.requests).hasSize(1);
        assertThat(metrics.forwarded.sum()).isZero();
        assertThat(metrics.failedEntries.sum()).isZero();
        assertThat(unacknowledged.take()).isEmpty();
    }

    @Test
    void backOffCeilingDoublesUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(List.of(0, 1, 2, 3, 4, 20).stream().map(n -> policy.delay(n, () -> 0.999999).toMillis()).toList())
                .containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
        assertThat(policy.delay(3, () -> 0.0)).isZero();
    }

    @Test
    void aBackOffCeilingThatOverflowsIsTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(1L << 40), Duration.ofSeconds(1));
        assertThat(policy.delay(30, () -> 0.5)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void appendingNoRecordsWritesNoFileAndAppendingCreatesTheMissingDirectories() throws Exception {
        DeadLetterFile dlq = new DeadLetterFile(dir.resolve("a/b/dlq.ndjson"));
        dlq.append(List.of(), "nothing");
        assertThat(dir.resolve("a")).doesNotExist();

        dlq.append(TWO, "first");
        dlq.append(List.of(TWO.get(0)), "second");
        assertThat(Files.readString(dlq.path())).isEqualTo("{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\":\"1\"}\n");
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
