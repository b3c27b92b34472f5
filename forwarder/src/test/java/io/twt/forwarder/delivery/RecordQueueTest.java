package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.StderrCapture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A put that should not block but does must fail the test, not hang it.
@Timeout(value = 2, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecordQueueTest {

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordQueue queue = new RecordQueue(1, metrics);
    private final byte[] first = "{\"id\":\"1\"}\n".getBytes();
    private final byte[] second = "{\"id\":\"2\"}\n".getBytes();

    /** Puts {@code record} on a thread of its own and returns once that thread waits for room. */
    private Thread putWaiting(byte[] record, AtomicBoolean interrupted) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                queue.put(record);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
        return t;
    }

    @Test
    void aPutIntoAFullQueueWaitsUntilTheSenderTakesARecord() throws Exception {
        queue.put(first);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread producer = putWaiting(second, interrupted);

        assertThat(metrics.queueFullWaits.sum()).isEqualTo(1);
        assertThat(queue.depth()).isEqualTo(1);
        assertThat(queue.poll()).isSameAs(first);
        producer.join(1500);
        assertThat(producer.isAlive()).isFalse();
        assertThat(interrupted).isFalse();
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isSameAs(second);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aPutInterruptedWhileTheQueueIsFullStillKeepsItsRecord() throws Exception {
        queue.put(first);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread producer = putWaiting(second, interrupted);

        producer.interrupt();
        producer.join(1500);

        assertThat(interrupted).isTrue();
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(metrics.toJson(new ObjectMapper())).contains("\"queue_depth\":2");
        assertThat(queue.poll()).isSameAs(first);
        assertThat(queue.poll()).isSameAs(second);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void aRecordKeptPastAnInterruptIsAlsoTakenByTheWaitingPoll() throws Exception {
        queue.put(first);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread producer = putWaiting(second, interrupted);
        producer.interrupt();
        producer.join(1500);

        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isSameAs(first);
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isSameAs(second);
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFullQueueIsLoggedAtMostOnceInTenSeconds() throws Exception {
        try (StderrCapture log = new StderrCapture()) {
            queue.put(first);
            for (int i = 0; i < 2; i++) {
                Thread producer = putWaiting(second, new AtomicBoolean());
                queue.poll();
                producer.join(1500);
            }

            assertThat(metrics.queueFullWaits.sum()).isEqualTo(2);
            assertThat(log.text().split("queue full", -1)).hasSize(2);
        }
    }
}
