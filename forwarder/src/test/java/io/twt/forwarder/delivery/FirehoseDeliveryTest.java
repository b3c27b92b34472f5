package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.Sleeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;

class FirehoseDeliveryTest {

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private FirehoseDelivery stubDelivery(FirehoseClientStandIn firehose, io.twt.stream.Sleeper sleeper) {
        return new FirehoseDelivery(firehose, "twt", new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1)),
                sleeper, () -> 0.5, new DeadLetterFile(dir.resolve("dlq.ndjson")), metrics);
    }

    private static final List<byte[]> TWO = List.of("{\"id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8),
            "{\"id\":\"2\"}\n".getBytes(StandardCharsets.UTF_8));

    @Test
    @Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a retry loop that never ends fails
    void aResponseWithFewerEntriesThanRecordsIsAFailedCallNeverAnAcceptance() throws Exception {
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> PutRecordBatchResponse.builder().failedPutCount(0)
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
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> calls.incrementAndGet() == 1
                ? FirehoseClientStandIn.answer(records.size(), List.of()).toBuilder().failedPutCount(1).build()
                : FirehoseClientStandIn.answer(records.size(), List.of()));

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
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> (calls.incrementAndGet() == 1
                ? FirehoseClientStandIn.answer(records.size(), List.of(1))
                : FirehoseClientStandIn.answer(records.size(), List.of())).toBuilder().failedPutCount(null).build());

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
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> FirehoseClientStandIn.answer(records.size(), List.of(1)));
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
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> {
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
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> {
            assertThat(unacknowledged.take()).hasSize(2); // the shutdown deadline, while the call is out
            return FirehoseClientStandIn.answer(records.size(), List.of(1));
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

}
