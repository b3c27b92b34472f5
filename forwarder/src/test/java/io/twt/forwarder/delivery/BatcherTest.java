package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.Sleeper;
import io.twt.stream.StderrCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatcherTest {

    @TempDir
    Path dir;

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordQueue queue = new RecordQueue(10_000, metrics);

    private DeadLetterFile dlq() {
        return new DeadLetterFile(dir.resolve("dlq.ndjson"));
    }

    private FirehoseDelivery delivery(FirehoseClientStandIn firehose, Sleeper sleeper) {
        return new FirehoseDelivery(firehose, "twt", new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)),
                sleeper, () -> 0.5, dlq(), metrics);
    }

    /** A record of exactly {@code bytes} bytes: its id, padding and a newline. */
    private static byte[] record(int id, int bytes) {
        byte[] r = new byte[bytes];
        byte[] head = ("{\"id\":\"" + id + "\",\"t\":\"").getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(r, (byte) 'x');
        System.arraycopy(head, 0, r, 0, head.length);
        r[bytes - 2] = '}';
        r[bytes - 1] = '\n';
        return r;
    }

    private static Thread run(Batcher batcher) {
        Thread t = new Thread(batcher, "batcher-under-test");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(Thread t) throws InterruptedException {
        t.join(2000);
        assertThat(t.isAlive()).isFalse();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void aBatchIsCutBeforeTheRecordThatWouldTakeItPastFourMiB() throws Exception {
        FirehoseClientStandIn firehose = FirehoseClientStandIn.acceptingAll();
        for (int i = 0; i < 4; i++) {
            queue.put(record(i, 1_000_000));
        }
        queue.put(record(4, Batcher.MAX_BYTES - 4_000_000)); // the batch is now exactly 4 MiB
        queue.put(record(5, 100));
        queue.put(record(6, 100));
        Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMinutes(10), 1, dlq(), metrics);
        batcher.finish(System.nanoTime());
        await(run(batcher));

        assertThat(firehose.requestSizes()).containsExactly(5, 2);
        assertThat(firehose.requests.get(0).stream().mapToInt(String::length).sum()).isEqualTo(Batcher.MAX_BYTES);
        assertThat(metrics.forwarded.sum()).isEqualTo(7);
    }

    @Test
    void aBatchIsSentWhenItReachesFiveHundredRecords() throws Exception {
        FirehoseClientStandIn firehose = FirehoseClientStandIn.acceptingAll();
        for (int i = 0; i < 1001; i++) {
            queue.put(record(i, 50));
        }
        Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMinutes(10), 2, dlq(), metrics);
        batcher.finish(System.nanoTime());
        await(run(batcher));

        assertThat(firehose.requestSizes()).containsExactlyInAnyOrder(500, 500, 1);
        assertThat(metrics.forwarded.sum()).isEqualTo(1001);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void itsSenderThreadsAreDaemonsAndEndWhenItEnds() throws Exception {
        Set<Thread> senderThreads = ConcurrentHashMap.newKeySet();
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> {
            senderThreads.add(Thread.currentThread());
            return FirehoseClientStandIn.answer(records.size(), List.of());
        });
        for (int i = 0; i < 1500; i++) {
            queue.put(record(i, 50));
        }
        Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMinutes(10), 2, dlq(), metrics);
        batcher.finish(System.nanoTime());
        Thread t = new Thread(batcher); // not a daemon: its pool's threads would inherit that
        t.start();
        await(t);

        // a sender stuck in a call must not keep the JVM from exiting at the deadline
        assertThat(senderThreads).isNotEmpty().allSatisfy(s -> assertThat(s.isDaemon()).isTrue());
        for (Thread s : senderThreads) {
            s.join(2000);
            assertThat(s.isAlive()).isFalse();
        }
    }

    @Test
    void interruptedAgainWhileWaitingForItsSendersItDeadLettersAtOnceAndStaysInterrupted() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> {
            while (true) { // deaf to interrupts, like a socket read
                try {
                    answer.await();
                    return FirehoseClientStandIn.answer(records.size(), List.of());
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        });
        try {
            queue.put(record(1, 50));
            Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMillis(1), 1, dlq(), metrics);
            AtomicBoolean interruptedAtEnd = new AtomicBoolean();
            Thread t = new Thread(() -> {
                batcher.run();
                interruptedAtEnd.set(Thread.currentThread().isInterrupted());
            });
            t.setDaemon(true);
            t.start();
            awaitTrue(() -> firehose.requests.size() == 1);
            batcher.finish(System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
            t.interrupt();
            Thread.sleep(100); // now waiting up to 10 s for the stuck sender
            t.interrupt();
            await(t);

            assertThat(interruptedAtEnd).isTrue();
            assertThat(Files.readAllLines(dlq().path())).hasSize(1);
            assertThat(metrics.deadLettered.sum()).isEqualTo(1);
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aPartialBatchWaitsForItsFlushIntervalNotJustForAnIdlePoll() throws Exception {
        FirehoseClientStandIn firehose = FirehoseClientStandIn.acceptingAll();
        Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMinutes(10), 1, dlq(), metrics);
        Thread t = run(batcher);
        for (int i = 0; i < 7; i++) {
            queue.put(record(i, 50));
        }
        awaitTrue(() -> queue.depth() == 0);
        Thread.sleep(350); // several 100 ms idle polls: none of them may send the batch

        assertThat(firehose.requests).isEmpty();
        batcher.finish(System.nanoTime());
        await(t);
        assertThat(firehose.requestSizes()).containsExactly(7);
    }

    @Test
    void aBatchStillGettingRecordsIsSentWhenItsFirstRecordHasWaitedTheFlushInterval() throws Exception {
        FirehoseClientStandIn firehose = FirehoseClientStandIn.acceptingAll();
        Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMillis(200), 1, dlq(), metrics);
        Thread t = run(batcher);
        for (int i = 0; i < 50; i++) { // a record every 20 ms for a second: never 200 ms idle
            queue.put(record(i, 50));
            Thread.sleep(20);
        }

        assertThat(firehose.requests.size()).isGreaterThan(1);
        batcher.finish(System.nanoTime());
        await(t);
        assertThat(metrics.forwarded.sum()).isEqualTo(50);
    }

    @Test
    void whatASenderThatThrowsHasNotHadAcceptedIsDeadLettered() throws Exception {
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> FirehoseClientStandIn.answer(records.size(), List.of(1)));
        Sleeper failing = d -> {
            throw new IllegalStateException("the sender breaks");
        };
        for (int i = 0; i < 3; i++) {
            queue.put(record(i, 50));
        }
        Batcher batcher = new Batcher(queue, delivery(firehose, failing), Duration.ofMinutes(10), 1, dlq(), metrics);
        batcher.finish(System.nanoTime());
        await(run(batcher));

        assertThat(Files.readAllLines(dlq().path())).containsExactly(new String(record(1, 50), StandardCharsets.US_ASCII).strip());
        assertThat(metrics.forwarded.sum()).isEqualTo(2);
        assertThat(metrics.deadLettered.sum()).isEqualTo(1);
    }

    @Test
    void interruptedWhileWaitingForASenderTheRecordInHandIsDeadLetteredWithItsBatch() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> {
            // Like a socket read: deaf to interrupts until the test ends.
            while (true) {
                try {
                    answer.await();
                    return FirehoseClientStandIn.answer(records.size(), List.of());
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        });
        try {
            for (int i = 0; i < 10; i++) {
                queue.put(record(i, 1_000_000));
            }
            Batcher batcher = new Batcher(queue, delivery(firehose, new RecordingSleeper()), Duration.ofMinutes(10), 1, dlq(), metrics);
            Thread t = run(batcher);
            // batch 1 (records 0-3) is stuck in its call, batch 2 (4-7) waits for the sender with 8 in hand
            awaitTrue(() -> queue.depth() == 1 && firehose.requests.size() == 1);
            Thread.sleep(50);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            batcher.finish(deadline);
            t.interrupt();
            await(t);
            long early = deadline - System.nanoTime();

            List<String> deadLettered = Files.readAllLines(dlq().path());
            System.out.printf("record in hand: ended %d ms before its deadline; dead-lettered %d, forwarded %d%n",
                    TimeUnit.NANOSECONDS.toMillis(early), metrics.deadLettered.sum(), metrics.forwarded.sum());
            assertThat(early).isPositive();
            assertThat(deadLettered).hasSize(10).doesNotHaveDuplicates();
            assertThat(metrics.deadLettered.sum()).isEqualTo(10);

            answer.countDown(); // the stuck call succeeds after all: it was dead-lettered, so it is not also forwarded
            awaitTrue(() -> firehose.requests.size() == 1 && metrics.putCalls.sum() == 1);
            Thread.sleep(50);
            assertThat(metrics.forwarded.sum()).isZero();
        } finally {
            answer.countDown();
        }
    }

    @Test
    void interruptedWhileASenderBacksOffTheSenderDeadLettersWhatFirehoseDidNotAccept() throws Exception {
        FirehoseClientStandIn firehose = new FirehoseClientStandIn(records -> FirehoseClientStandIn.answer(records.size(), List.of(1)));
        CountDownLatch backingOff = new CountDownLatch(1);
        Sleeper slow = d -> {
            backingOff.countDown();
            Thread.sleep(60_000);
        };
        for (int i = 0; i < 3; i++) {
            queue.put(record(i, 50));
        }
        Batcher batcher = new Batcher(queue, delivery(firehose, slow), Duration.ofMillis(1), 1, dlq(), metrics);
        Thread t = run(batcher);
        assertThat(backingOff.await(2, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        try (StderrCapture log = new StderrCapture()) {
            batcher.finish(deadline);
            t.interrupt();
            await(t);

            // the batcher waited for the sender to dead-letter its own records, rather than taking them
            assertThat(log.text()).contains("interrupted at the shutdown deadline").doesNotContain("still in flight");
        }

        // the interrupted sender ended at once: the batcher did not wait out half of its 6 s
        assertThat(deadline - System.nanoTime()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(4500));
        assertThat(Files.readAllLines(dlq().path())).containsExactly(new String(record(1, 50), StandardCharsets.US_ASCII).strip());
        assertThat(metrics.forwarded.sum()).isEqualTo(2);
        assertThat(metrics.deadLettered.sum()).isEqualTo(1);
    }

    @Test
    void interruptedWithRecordsStillQueuedItDeadLettersThemAndTheBatch() throws Exception {
        Batcher batcher = new Batcher(queue, delivery(FirehoseClientStandIn.acceptingAll(), new RecordingSleeper()),
                Duration.ofMinutes(10), 1, dlq(), metrics);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(record(i, 50));
            queue.put(records.get(i));
        }
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt(); // the deadline passed before the first poll
            batcher.run();
        });
        t.setDaemon(true);
        t.start();
        await(t);

        assertThat(Files.readAllLines(dlq().path())).hasSize(3);
        assertThat(metrics.deadLettered.sum()).isEqualTo(3);
        assertThat(queue.depth()).isZero();
    }
}
