package io.twt.stream.x;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an InputStream that fails with {@link StallException} when no byte
 * arrives for the stall timeout. Chunks are requested one at a time, so at most one is buffered.
 */
final class ChunkStream extends InputStream implements HttpResponse.BodySubscriber<ChunkStream> {

    /** No byte (not even a keep-alive) arrived within the stall timeout. */
    static final class StallException extends IOException {
        StallException(long millis) {
            super("no data for " + millis + " ms");
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final long stallMillis;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunks = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;

    ChunkStream(long stallMillis) {
        this.stallMillis = stallMillis;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        items.add(t);
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    @Override
    public CompletionStage<ChunkStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!current.hasRemaining()) {
            if (chunks.hasNext()) {
                current = chunks.next();
                continue;
            }
            if (ended) {
                return -1;
            }
            Object item;
            try {
                item = items.poll(stallMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the stream");
            }
            if (item == null) {
                throw new StallException(stallMillis);
            }
            if (item == END) {
                ended = true;
                return -1;
            }
            if (item instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            chunks = list.iterator();
            subscription.request(1);
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Cancels the response and makes a blocked {@link #read} return -1. */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        items.add(END);
    }
}
