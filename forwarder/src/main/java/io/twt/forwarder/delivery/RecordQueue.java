package io.twt.forwarder.delivery;

import io.twt.forwarder.metrics.ForwarderMetrics;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded hand-over between the source and the sender. When it is full the source waits
 * (back-pressure): a record is never dropped. Each element is one record ending with a newline.
 */
public final class RecordQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RecordQueue.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<byte[]> queue;
    private final int capacity;
    private final ForwarderMetrics metrics;
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    public RecordQueue(int capacity, ForwarderMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.metrics = metrics;
        metrics.queueDepth(queue::size);
    }

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
        queue.put(record);
    }

    public byte[] poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    public byte[] poll() {
        return queue.poll();
    }

    public int depth() {
        return queue.size();
    }
}
