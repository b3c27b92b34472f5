package io.twt.core.io;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A network-like stream at its worst: one byte per read, and {@code available()} always 0 (what
 * makes {@link java.util.zip.GZIPInputStream} stop after the first member on some JDKs).
 */
public final class OneByteInputStream extends InputStream {

    private final ByteArrayInputStream data;
    private boolean closed;

    public OneByteInputStream(byte[] bytes) {
        this.data = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
        return data.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return len == 0 ? 0 : data.read(b, off, 1);
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
