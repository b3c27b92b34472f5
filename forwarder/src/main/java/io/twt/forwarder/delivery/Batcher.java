package io.twt.forwarder.delivery;

import io.twt.forwarder.metrics.ForwarderMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread: takes records from the queue into batches of at most 500 records and 4 MiB,
 * and hands a batch to {@link FirehoseDelivery} when it is full or its first record has waited
 * {@code flushInterval}. Up to {@code senders} batches are in flight at once, because one call's
 * round trip, not CPU, limits a single sender. After {@link #finish(long)} it empties the queue,
 * sends the last batch, waits for the calls in flight and ends. When interrupted it dead-letters
 * what it still holds, interrupts the calls in flight, and by the shutdown deadline dead-letters
 * what they have not had acknowledged: every record taken from the queue ends acknowledged by
 * Firehose or in the dead-letter file.
 */
public final class Batcher implements Runnable {

    public static final int MAX_RECORDS = 500;
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final long IDLE_POLL_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private final RecordQueue queue;
    private final FirehoseDelivery delivery;
    private final long flushIntervalNanos;
    private final DeadLetterFile deadLetters;
    private final ForwarderMetrics metrics;
    private final int senders;
    private final Semaphore inFlight;
    private final ExecutorService sendPool;
    private final Set<Unacknowledged> sending = ConcurrentHashMap.newKeySet();
    private volatile boolean finishing;
    private volatile long deadline = System.nanoTime();

    private List<byte[]> batch = new ArrayList<>(MAX_RECORDS);
    private long batchBytes;
    private long firstRecordAt;

    public Batcher(RecordQueue queue, FirehoseDelivery delivery, Duration flushInterval, int senders,
            DeadLetterFile deadLetters, ForwarderMetrics metrics) {
        this.senders = senders;
        this.inFlight = new Semaphore(senders);
        this.sendPool = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "twt-send");
            t.setDaemon(true);
            return t;
        });
        this.queue = queue;
        this.delivery = delivery;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * Asks the thread to send everything already queued and end. Once interrupted, it returns by
     * {@code deadlineNanos} (a {@link System#nanoTime()} value).
     */
    public void finish(long deadlineNanos) {
        deadline = deadlineNanos;
        finishing = true;
    }

    @Override
    public void run() {
        try {
            loop();
            inFlight.acquire(senders);
        } catch (InterruptedException e) {
            sendPool.shutdownNow();
            List<byte[]> rest = new ArrayList<>(batch);
            for (byte[] r = queue.poll(); r != null; r = queue.poll()) {
                rest.add(r);
            }
            deadLetter(rest, "shutdown deadline reached before delivery");
            awaitSenders();
            // A call still blocked on the network may yet succeed: a duplicate is better than a loss.
            for (Unacknowledged stuck : sending) {
                deadLetter(stuck.take(), "still in flight at the shutdown deadline");
            }
        } finally {
            sendPool.shutdown();
        }
    }

    private void deadLetter(List<byte[]> records, String reason) {
        deadLetters.append(records, reason, metrics.deadLettered);
    }

    /**
     * Gives interrupted senders half the time left to dead-letter what they hold; the other half
     * is for taking the batches of calls that an interrupt cannot end (blocked on the network).
     */
    private void awaitSenders() {
        try {
            sendPool.awaitTermination((deadline - System.nanoTime()) / 2, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            // Wait at most the idle slice, so that finish() is noticed soon.
            long wait = TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS);
            if (!batch.isEmpty()) {
                wait = Math.min(wait, firstRecordAt + flushIntervalNanos - System.nanoTime());
            }
            // A wait of zero or less polls without waiting.
            byte[] record = finishing ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
            if (record != null) {
                add(record);
                continue;
            }
            boolean due = !batch.isEmpty() && (finishing || System.nanoTime() - firstRecordAt >= flushIntervalNanos);
            if (due) {
                flush();
            }
            if (finishing && batch.isEmpty() && queue.depth() == 0) {
                return;
            }
        }
    }

    private void add(byte[] record) throws InterruptedException {
        if (batchBytes + record.length > MAX_BYTES) {
            try {
                flush();
            } catch (InterruptedException e) {
                batch.add(record); // dead-lettered with the batch it could not join
                throw e;
            }
        }
        if (batch.isEmpty()) {
            firstRecordAt = System.nanoTime();
        }
        batch.add(record);
        batchBytes += record.length;
        if (batch.size() == MAX_RECORDS) {
            flush();
        }
    }

    /** Hands the batch to a sender; its records are in {@code sending} until they are accounted for. */
    private void flush() throws InterruptedException {
        inFlight.acquire();
        List<byte[]> full = batch;
        batch = new ArrayList<>(MAX_RECORDS);
        batchBytes = 0;
        Unacknowledged unacknowledged = new Unacknowledged(full);
        sending.add(unacknowledged);
        sendPool.execute(() -> {
            try {
                delivery.deliver(full, unacknowledged);
            } catch (InterruptedException e) {
                deadLetter(unacknowledged.take(), "interrupted at the shutdown deadline");
            } catch (RuntimeException e) {
                LOG.error("sender failed: {}", e.toString());
                deadLetter(unacknowledged.take(), "the sender failed: " + e);
            } finally {
                sending.remove(unacknowledged);
                inFlight.release();
            }
        });
    }
}
