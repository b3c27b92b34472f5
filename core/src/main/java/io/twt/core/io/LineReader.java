package io.twt.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so that no byte of the input is changed
 * before the code that judges it. LF and CRLF both end a line (the CR is dropped); a UTF-8 BOM at
 * the start is skipped. A line longer than the limit (counted without its line end, CR included)
 * is reported with its first bytes only, so memory stays bounded by the limit whatever the input.
 */
public final class LineReader {

    /** Receives each line; {@code buf} is reused after the call returns. */
    public interface LineHandler {
        void line(long lineNumber, byte[] buf, int len, boolean truncated) throws IOException;
    }

    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    private final int maxLineBytes;
    /** What the buffer holds at most: the limit and one byte more, which may be a CR before the LF. */
    private final int capacity;
    /** How many bytes of the BOM the stream started with; checked once the start differs or it is whole. */
    private int bomMatched;
    private boolean bomChecked;
    private byte[] line = new byte[8192];
    private int length;
    private boolean truncated;
    private long lines;

    /** A reader for one stream; lines longer than {@code maxLineBytes} are truncated to it. */
    public LineReader(int maxLineBytes) {
        if (maxLineBytes < 1 || maxLineBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the line limit must be between 1 and " + (Integer.MAX_VALUE - 1) + " bytes, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.capacity = maxLineBytes + 1;
    }

    /**
     * Reads {@code in} to its end and returns the number of lines. When {@code in} throws, the
     * lines before are delivered and {@link #pending()} holds what was read of the next one.
     */
    public long read(InputStream in, LineHandler handler) throws IOException {
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = in.read(chunk)) > 0) {
            int start = bomChecked ? 0 : skipBom(chunk, n);
            for (int i = start; i < n; i++) {
                if (chunk[i] == '\n') {
                    append(chunk, start, i - start);
                    deliver(handler);
                    start = i + 1;
                }
            }
            append(chunk, start, n - start);
        }
        if (!bomChecked) {
            // The stream ended inside what could have been a BOM: those bytes are a line.
            bomChecked = true;
            append(BOM, 0, bomMatched);
        }
        if (length > 0 || truncated) {
            deliver(handler);
        }
        return lines;
    }

    /**
     * Matches the start of the stream against the BOM, across reads however short; returns where
     * the chunk's content starts. Bytes that only began a BOM become the start of the first line.
     */
    private int skipBom(byte[] chunk, int n) {
        int i = 0;
        while (i < n && bomMatched < BOM.length && chunk[i] == BOM[bomMatched]) {
            bomMatched++;
            i++;
        }
        if (bomMatched == BOM.length) {
            bomChecked = true;
        } else if (i < n) {
            bomChecked = true;
            append(BOM, 0, bomMatched);
        }
        return i;
    }

    /** The bytes read of a line that has not ended (after {@link #read} threw). */
    public byte[] pending() {
        byte[] bomStart = bomChecked ? new byte[0] : Arrays.copyOf(BOM, bomMatched);
        byte[] pending = Arrays.copyOf(bomStart, bomStart.length + length);
        System.arraycopy(line, 0, pending, bomStart.length, length);
        return pending;
    }

    private void append(byte[] src, int off, int len) {
        if (truncated || len == 0) {
            return;
        }
        if (len > capacity - length) {
            len = capacity - length;
            truncated = true;
        }
        if (length + len > line.length) {
            line = Arrays.copyOf(line, Math.max(length + len, (int) Math.min(line.length * 2L, capacity)));
        }
        System.arraycopy(src, off, line, length, len);
        length += len;
    }

    private void deliver(LineHandler handler) throws IOException {
        int len = length;
        if (!truncated && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        boolean wasTruncated = truncated || len > maxLineBytes;
        len = Math.min(len, maxLineBytes);
        length = 0;
        truncated = false;
        handler.line(++lines, line, len, wasTruncated);
        if (line.length > (1 << 16)) {
            line = new byte[8192]; // do not keep a long line's buffer for the rest of the stream
        }
    }
}
