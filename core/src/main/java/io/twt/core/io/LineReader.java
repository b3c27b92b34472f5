package io.twt.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so that no byte of the input is changed
 * before the code that judges it. LF and CRLF both end a line (the CR is dropped); a UTF-8 BOM at
 * the start is skipped. A line longer than the limit is reported with its first bytes only, so
 * memory stays bounded by the limit whatever the input.
 */
public final class LineReader {

    /** Receives each line; {@code buf} is reused after the call returns. */
    public interface LineHandler {
        void line(long lineNumber, byte[] buf, int len, boolean truncated) throws IOException;
    }

    private final int maxLineBytes;
    private byte[] line = new byte[8192];
    private int length;
    private boolean truncated;
    private long lines;

    /** A reader for one stream; lines longer than {@code maxLineBytes} are truncated to it. */
    public LineReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads {@code in} to its end and returns the number of lines. When {@code in} throws, the
     * lines before are delivered and {@link #pending()} holds what was read of the next one.
     */
    public long read(InputStream in, LineHandler handler) throws IOException {
        byte[] chunk = new byte[1 << 16];
        boolean first = true;
        int n;
        while ((n = in.read(chunk)) > 0) {
            int start = 0;
            if (first) {
                first = false;
                if (n >= 3 && (chunk[0] & 0xff) == 0xef && (chunk[1] & 0xff) == 0xbb && (chunk[2] & 0xff) == 0xbf) {
                    start = 3;
                }
            }
            for (int i = start; i < n; i++) {
                if (chunk[i] == '\n') {
                    append(chunk, start, i - start);
                    deliver(handler);
                    start = i + 1;
                }
            }
            append(chunk, start, n - start);
        }
        if (length > 0 || truncated) {
            deliver(handler);
        }
        return lines;
    }

    /** The bytes read of a line that has not ended (after {@link #read} threw). */
    public byte[] pending() {
        return Arrays.copyOf(line, length);
    }

    private void append(byte[] src, int off, int len) {
        if (truncated || len == 0) {
            return;
        }
        if (len > maxLineBytes - length) {
            len = maxLineBytes - length;
            truncated = true;
        }
        if (length + len > line.length) {
            line = Arrays.copyOf(line, Math.max(length + len, (int) Math.min(line.length * 2L, maxLineBytes)));
        }
        System.arraycopy(src, off, line, length, len);
        length += len;
    }

    private void deliver(LineHandler handler) throws IOException {
        int len = length;
        if (!truncated && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        boolean wasTruncated = truncated;
        length = 0;
        truncated = false;
        handler.line(++lines, line, len, wasTruncated);
        if (line.length > (1 << 16)) {
            line = new byte[8192]; // do not keep a long line's buffer for the rest of the stream
        }
    }
}
