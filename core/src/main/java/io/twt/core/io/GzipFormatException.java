package io.twt.core.io;

import java.util.zip.ZipException;

/**
 * Gzip data that is not what RFC 1952 says it must be: cut short, corrupt, or followed by bytes
 * that are not gzip. The message names what is wrong, the member (1-based) and the byte offset in
 * the compressed stream; a {@link ZipException}, so code that catches those keeps working.
 */
public final class GzipFormatException extends ZipException {

    private static final long serialVersionUID = 1L;

    private final int member;
    private final long offset;

    GzipFormatException(String message, int member, long offset) {
        super(message);
        this.member = member;
        this.offset = offset;
    }

    /** The member (1-based) the problem was found in, or the last member for trailing bytes. */
    public int member() {
        return member;
    }

    /** The offset in the compressed stream where the problem was found. */
    public long offset() {
        return offset;
    }
}
