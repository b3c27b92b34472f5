package io.twt.functions.validate;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails when a download ends before its Content-Length. Without this, a connection cut short
 * would look like a truncated gzip object to the validator and be quarantined for good instead
 * of retried. The exception is a plain IOException on purpose: the validator reports
 * EOFException and ZipException as a corrupt object, and lets every other IOException through.
 */
final class ExactLengthInputStream extends FilterInputStream {

    private final long expected;
    private long read;

    ExactLengthInputStream(InputStream in, long expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkComplete();
        } else {
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            checkComplete();
        } else {
            read += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        read += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkComplete() throws IOException {
        if (read != expected) {
            throw new IOException("the download ended after " + read + " of " + expected + " bytes");
        }
    }
}
