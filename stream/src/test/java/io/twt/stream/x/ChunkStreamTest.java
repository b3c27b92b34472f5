package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every read is bounded: a mutant that blocks fails within a second instead of hanging. */
class ChunkStreamTest {

    private static final Duration BOUND = Duration.ofSeconds(1);

    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    };

    private ChunkStream subscribed(long stallMillis) {
        ChunkStream stream = new ChunkStream(stallMillis);
        stream.onSubscribe(subscription);
        return stream;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheChunksInOrderAskingForTheNextListOnlyOnceOneIsTaken() {
        ChunkStream stream = subscribed(5000);
        assertThat(requested).hasValue(1);
        stream.onNext(List.of(bytes("ab"), ByteBuffer.allocate(0), bytes("cde")));
        stream.onNext(List.of());
        stream.onNext(List.of(bytes("f")));
        stream.onComplete();
        byte[] b = new byte[8];

        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(stream.read(b, 3, 8)).isEqualTo(2);
            assertThat(new String(b, 3, 2, StandardCharsets.UTF_8)).isEqualTo("ab");
            assertThat(requested).hasValue(2);
            assertThat(stream.read(b, 0, 2)).isEqualTo(2);
            assertThat(new String(b, 0, 2, StandardCharsets.UTF_8)).isEqualTo("cd");
            assertThat(stream.read(b, 0, 8)).isEqualTo(1);
            assertThat((char) b[0]).isEqualTo('e');
            assertThat(stream.read(b, 0, 8)).isEqualTo(1);
            assertThat((char) b[0]).isEqualTo('f');
            assertThat(requested).hasValue(4);
            assertThat(stream.read(b, 0, 8)).isEqualTo(-1);
            assertThat(stream.read(b, 0, 8)).isEqualTo(-1);
        });
    }

    @Test
    void readsSingleBytesAsUnsignedValuesThenMinusOneAtTheEnd() {
        ChunkStream stream = subscribed(5000);
        stream.onNext(List.of(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x00})));
        stream.onComplete();

        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(stream.read()).isEqualTo(0xC3);
            assertThat(stream.read()).isZero();
            assertThat(stream.read()).isEqualTo(-1);
        });
    }

    @Test
    void failsWithAStallWhenNothingArrivesWithinTheStallTimeout() {
        ChunkStream stream = subscribed(50);

        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> stream.read(new byte[1], 0, 1))
                .isInstanceOf(ChunkStream.StallException.class).hasMessage("no data for 50 ms"));
    }

    @Test
    void passesOnTheBodysErrorOnceThenEnds() {
        IOException reset = new IOException("connection reset");
        ChunkStream io = subscribed(5000);
        io.onError(reset);
        ChunkStream other = subscribed(5000);
        IllegalStateException bug = new IllegalStateException("bug");
        other.onError(bug);

        assertTimeoutPreemptively(BOUND, () -> {
            assertThatThrownBy(() -> io.read(new byte[1], 0, 1)).isSameAs(reset);
            assertThat(io.read(new byte[1], 0, 1)).isEqualTo(-1);
            assertThatThrownBy(() -> other.read(new byte[1], 0, 1)).isInstanceOf(IOException.class)
                    .hasMessage("bug").hasCause(bug);
        });
    }

    @Test
    void closeCancelsTheBodyAndEndsABlockedRead() throws Exception {
        ChunkStream stream = subscribed(30_000);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stream.close();
        });
        closer.start();

        assertTimeoutPreemptively(BOUND, () -> assertThat(stream.read(new byte[1], 0, 1)).isEqualTo(-1));
        closer.join();
        assertThat(cancelled).isTrue();
        assertThat(stream.getBody().toCompletableFuture().getNow(null)).isSameAs(stream);
    }

    @Test
    void closeBeforeTheBodyIsSubscribedEndsReads() {
        ChunkStream stream = new ChunkStream(30_000);

        stream.close();

        assertTimeoutPreemptively(BOUND, () -> assertThat(stream.read()).isEqualTo(-1));
    }

    @Test
    void anInterruptedReadFailsAndKeepsTheInterrupt() {
        ChunkStream stream = subscribed(30_000);

        assertTimeoutPreemptively(BOUND, () -> {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> stream.read(new byte[1], 0, 1)).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.interrupted()).isTrue();
        });
    }
}
