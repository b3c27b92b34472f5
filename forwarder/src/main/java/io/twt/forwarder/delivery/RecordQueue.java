package io.twt.forwarder.delivery;

import io.twt.forwarder.metrics.ForwarderMetrics;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-over between the source and the sender. When it is full the source waits
 * (back-pressure): a record is never dropped, not even when the wait is interrupted (SIGTERM),
 * since the line it came from is already read and counted. Each element is one record ending with
 * a newline.
 */
public final class RecordQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RecordQueue.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<byte[]> queue;
    /** Records whose wait for room was interrupted: kept past the bound, sent after the others. */
    private final Queue<byte[]> interrupted = new ConcurrentLinkedQueue<>();
    private final int capacity;
    private final ForwarderMetrics metrics;
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    public RecordQueue(int capacity, ForwarderMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.metrics = metrics;
        metrics.queueDepth(this::depth);
    }

    /**
     * Queues {@code record}, waiting for room. Interrupted while waiting, it still keeps the record
     * (over the bound) before it throws, so that the sender delivers or dead-letters it.
     */
    public void put(byte[] record) throws InterruptedException {
        if (queue.offer(record)) {
            return;
        }
        metrics.queueFullWaits.increment();
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            LOG.warn("queue full ({}/{} records): the source waits for Firehose delivery", queue.size(), capacity);
        }
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            interrupted.add(record);
            throw e;
        }
    }

    public byte[] poll(long timeout, TimeUnit unit) throws InterruptedException {
        byte[] record = queue.poll(timeout, unit);
        return record != null ? record : interrupted.poll();
    }

    public byte[] poll() {
        byte[] record = queue.poll();
        return record != null ? record : interrupted.poll();
    }

    public int depth() {
        return queue.size() + interrupted.size();
    }
}
