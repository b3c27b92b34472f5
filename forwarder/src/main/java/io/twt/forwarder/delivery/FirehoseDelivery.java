package io.twt.forwarder.delivery;

import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.Sleeper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Sends one batch with PutRecordBatch until every record is accepted: after each call only the
 * entries with an error code are resent, and a call that fails as a whole (throttling, 5xx,
 * network), or answered with entries that do not line up with the records sent, is repeated, both
 * with {@link RetryPolicy} back-off. What is still refused when the retries are spent goes to the
 * dead-letter file.
 */
public final class FirehoseDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseDelivery.class);

    private final FirehoseClient client;
    private final String deliveryStream;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final DeadLetterFile deadLetters;
    private final ForwarderMetrics metrics;

    public FirehoseDelivery(FirehoseClient client, String deliveryStream, RetryPolicy retry, Sleeper sleeper,
            DoubleSupplier random, DeadLetterFile deadLetters, ForwarderMetrics metrics) {
        this.client = client;
        this.deliveryStream = deliveryStream;
        this.retry = retry;
        this.sleeper = sleeper;
        this.random = random;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * Delivers {@code batch} (records ending with a newline, within the call limits), narrowing
     * {@code unacknowledged} as Firehose accepts entries. Interrupted (shutdown deadline), it throws
     * and leaves the records not yet accepted in {@code unacknowledged}.
     */
    void deliver(List<byte[]> batch, Unacknowledged unacknowledged) throws InterruptedException {
        List<byte[]> pending = batch;
        for (int attempt = 0; ; attempt++) {
            String failure;
            try {
                List<Record> records = toRecords(pending);
                PutRecordBatchResponse response = client.putRecordBatch(b -> b
                        .deliveryStreamName(deliveryStream)
                        .records(records));
                metrics.putCalls.increment();
                metrics.recordsSent.add(pending.size());
                List<byte[]> failed = failedEntries(pending, response);
                if (failed == null) {
                    metrics.failedCalls.increment();
                    failure = "PutRecordBatch answered " + response.requestResponses().size() + " entries ("
                            + response.failedPutCount() + " failed) that do not line up with the " + pending.size()
                            + " records sent";
                } else {
                    if (!unacknowledged.narrow(failed)) {
                        return; // taken for the dead-letter file at the shutdown deadline, and counted there
                    }
                    metrics.forwarded.add(pending.size() - failed.size());
                    if (failed.isEmpty()) {
                        return;
                    }
                    metrics.failedEntries.add(failed.size());
                    failure = failed.size() + " of " + pending.size() + " entries failed: " + firstErrorCode(response);
                    pending = failed;
                }
            } catch (RuntimeException e) { // SdkException, or anything unforeseen: never lose the batch
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while sending to Firehose");
                }
                metrics.failedCalls.increment();
                failure = "PutRecordBatch failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt >= retry.maxRetries()) {
                List<byte[]> rest = unacknowledged.take();
                deadLetters.append(rest, failure + " (after " + attempt + " retries)", metrics.deadLettered);
                return;
            }
            LOG.warn("{}; retrying {} record(s)", failure, pending.size());
            metrics.retries.increment();
            sleeper.sleep(retry.delay(attempt, random));
        }
    }

    private static List<Record> toRecords(List<byte[]> records) {
        List<Record> out = new ArrayList<>(records.size());
        for (byte[] r : records) {
            out.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(r)).build());
        }
        return out;
    }

    /**
     * The records whose entry has an error code, or null when the answer does not line up with what
     * was sent (an entry count or FailedPutCount that differs): then no entry can be trusted.
     */
    private static List<byte[]> failedEntries(List<byte[]> sent, PutRecordBatchResponse response) {
        List<PutRecordBatchResponseEntry> entries = response.requestResponses();
        if (entries.size() != sent.size()) {
            return null;
        }
        List<byte[]> failed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).errorCode() != null) {
                failed.add(sent.get(i));
            }
        }
        Integer failedCount = response.failedPutCount();
        return failedCount == null || failedCount == failed.size() ? failed : null;
    }

    private static String firstErrorCode(PutRecordBatchResponse response) {
        return response.requestResponses().stream()
                .filter(e -> e.errorCode() != null)
                .map(PutRecordBatchResponseEntry::errorCode)
                .findFirst().orElse("no per-entry error code");
    }
}
