package io.twt.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so that no byte of the input is changed
 * before the code that judges it. LF and CRLF both end a line (the CR is dropped); a UTF-8 BOM at
 * the start is skipped. A line longer than the limit is reported with its first bytes only.
 */
public final class LineReader {

    /** Receives each line; {@code buf} is reused after the call returns. */
    public interface LineHandler {
        void line(long lineNumber, byte[] buf, int len, boolean truncated) throws IOException;
    }

    private final int maxLineBytes;

    public LineReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads {@code in} to its end; returns the number of lines. */
    public long read(InputStream in, LineHandler handler) throws IOException {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[8192];
        int length = 0;
        boolean truncated = false;
        long lineNumber = 0;
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
            for (int i = start; i <= n; i++) {
                boolean end = i < n && chunk[i] == '\n';
                if (i == n || end) {
                    int len = i - start;
                    if (!truncated) {
                        int room = maxLineBytes - length;
                        if (len > room) {
                            len = Math.max(room, 0);
                            truncated = true;
                        }
                        if (length + len > line.length) {
                            line = Arrays.copyOf(line, Math.max(length + len, Math.min(line.length * 2, maxLineBytes)));
                        }
                        System.arraycopy(chunk, start, line, length, len);
                        length += len;
                    }
                    if (end) {
                        int l = length;
                        if (!truncated && l > 0 && line[l - 1] == '\r') {
                            l--;
                        }
                        handler.line(++lineNumber, line, l, truncated);
                        length = 0;
                        truncated = false;
                    }
                    start = i + 1;
                }
            }
        }
        if (length > 0 || truncated) {
            int l = length;
            if (!truncated && line[l - 1] == '\r') {
                l--;
            }
            handler.line(++lineNumber, line, l, truncated);
        }
        return lineNumber;
    }
}
