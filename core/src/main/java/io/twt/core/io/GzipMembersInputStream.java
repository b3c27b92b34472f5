package io.twt.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gunzips every member of a gzip stream (RFC 1952), reading the members from the stream itself.
 *
 * <p>{@link java.util.zip.GZIPInputStream} decides whether another member follows by asking the
 * underlying stream's {@code available()} (JDK-7036144), so that on some JDK releases a network
 * stream loses every member after the first without an error, and bytes after the last member
 * that are not gzip are dropped. This stream never calls {@code available()}: it parses each
 * header (magic, CM 8, FLG with FEXTRA, FNAME, FCOMMENT and FHCRC, checked when present; reserved
 * bits must be 0), inflates the raw deflate data, and checks each trailer's CRC32 and ISIZE. After a
 * trailer, the end of the stream ends it; the gzip magic starts the next member (empty members
 * included); anything else, zero padding included, is an error.
 *
 * <p>Every problem is a {@link GzipFormatException} naming what is wrong, the member (1-based) and
 * the byte offset in the compressed stream. Input is read in chunks of {@link #CHUNK_BYTES}; the
 * bytes before a problem are returned before it is thrown. The inflater's native memory is freed
 * at the end of the stream, at the first problem, or on {@link #close()}.
 */
public final class GzipMembersInputStream extends InputStream {

    /** How much compressed input is read at a time. */
    public static final int CHUNK_BYTES = 1 << 16;

    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED = 0xe0;
    /** MTIME (4), XFL and OS, after CM and FLG. */
    private static final int FIXED_HEADER_REST = 6;

    private enum State { HEADER, DATA, END, CLOSED }

    private final InputStream in;
    private final byte[] buf = new byte[CHUNK_BYTES];
    private final byte[] single = new byte[1];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** Compressed input: buf[pos, lim) not yet consumed; buf[0] is at offset base of the stream. */
    private int pos;
    private int lim;
    private long base;
    private boolean eof;
    private int member = 1;
    private long memberBytes;
    private State state = State.HEADER;
    private GzipFormatException failure;

    /** Gunzips {@code in}, which must start with a gzip member; it is closed with this stream. */
    public GzipMembersInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read() throws IOException {
        return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (state == State.CLOSED) {
            throw new IOException("gzip stream closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        try {
            return decode(b, off, len);
        } catch (GzipFormatException e) {
            failure = e;
            inflater.end();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            inflater.end();
            in.close();
        }
    }

    private int decode(byte[] b, int off, int len) throws IOException {
        while (state != State.END) {
            if (state == State.HEADER) {
                readHeader();
                state = State.DATA;
            } else {
                int n = inflate(b, off, len);
                if (n > 0) {
                    return n;
                }
            }
        }
        return -1;
    }

    /** Inflates into b; 0 when the member ended or more input was read. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw error("invalid deflate data in member " + member + " near byte " + offset() + ": " + e.getMessage());
        }
        pos = lim - inflater.getRemaining();
        if (n > 0) {
            crc.update(b, off, n);
            memberBytes += n;
        } else if (inflater.finished()) {
            endMember();
        } else if (inflater.needsDictionary()) {
            throw error("gzip member " + member + " asks for a preset dictionary at byte " + offset());
        } else if (fill()) {
            inflater.setInput(buf, pos, lim - pos);
        } else {
            throw error("gzip data cut short in member " + member + " at byte " + offset());
        }
        return n;
    }

    private void readHeader() throws IOException {
        headerCrc.reset();
        if (member == 1) {
            int id1 = headerByte(null);
            int id2 = headerByte(null);
            if (id1 != ID1 || id2 != ID2) {
                throw error(String.format("not gzip: the stream starts with %02x %02x, not the gzip magic 1f 8b", id1, id2));
            }
        } else {
            // The magic was read after the previous member's trailer.
            headerCrc.update(ID1);
            headerCrc.update(ID2);
        }
        int method = headerByte(null);
        if (method != DEFLATE) {
            throw error("unsupported compression method " + method + " in member " + member + " at byte " + (offset() - 1));
        }
        int flags = headerByte(null);
        if ((flags & RESERVED) != 0) {
            throw error(String.format("reserved gzip header flags %02x set in member %d at byte %d", flags & RESERVED, member, offset() - 1));
        }
        skipHeader(FIXED_HEADER_REST, null);
        if ((flags & FEXTRA) != 0) {
            int extraLength = headerByte("FEXTRA") | headerByte("FEXTRA") << 8;
            skipHeader(extraLength, "FEXTRA");
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated("FNAME");
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated("FCOMMENT");
        }
        if ((flags & FHCRC) != 0) {
            int computed = (int) (headerCrc.getValue() & 0xffff);
            int stored = headerByte("FHCRC") | headerByte("FHCRC") << 8;
            if (stored != computed) {
                throw error(String.format("header CRC16 mismatch in member %d: FHCRC says %04x, the header gives %04x", member, stored, computed));
            }
        }
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        inflater.setInput(buf, pos, lim - pos);
    }

    private void skipHeader(int count, String field) throws IOException {
        for (int i = 0; i < count; i++) {
            headerByte(field);
        }
    }

    private void skipZeroTerminated(String field) throws IOException {
        while (headerByte(field) != 0) {
            // a name or comment byte
        }
    }

    private int headerByte(String field) throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw error("gzip header cut short at byte " + offset() + " of member " + member + (field == null ? "" : " (in " + field + ")"));
        }
        headerCrc.update(b);
        return b;
    }

    /** Checks the trailer, then starts the next member, ends the stream, or reports what follows. */
    private void endMember() throws IOException {
        long trailerAt = offset();
        long storedCrc = trailerInt();
        long storedSize = trailerInt();
        if (storedCrc != crc.getValue()) {
            throw error(String.format("CRC32 mismatch in member %d: the trailer at byte %d says %08x, the data gives %08x",
                    member, trailerAt, storedCrc, crc.getValue()));
        }
        if (storedSize != (memberBytes & 0xffffffffL)) {
            throw error(String.format("ISIZE mismatch in member %d: the trailer at byte %d says %d bytes, the data gives %d (mod 2^32)",
                    member, trailerAt + 4, storedSize, memberBytes & 0xffffffffL));
        }
        long next = offset();
        int b1 = nextByte();
        if (b1 < 0) {
            state = State.END;
            inflater.end();
            return;
        }
        int b2 = nextByte();
        if (b1 == ID1 && b2 == ID2) {
            member++;
            state = State.HEADER;
        } else {
            throw trailing(next, b1, b2);
        }
    }

    private long trailerInt() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int b = nextByte();
            if (b < 0) {
                throw error("gzip trailer cut short at byte " + offset() + " of member " + member);
            }
            value |= (long) b << shift;
        }
        return value;
    }

    /** Reads to the end, counting what follows the last member (b1 and b2 read already, b2 maybe -1). */
    private GzipFormatException trailing(long at, int b1, int b2) throws IOException {
        long count = b2 < 0 ? 1 : 2;
        boolean zeros = (b1 | Math.max(b2, 0)) == 0;
        do {
            count += lim - pos;
            for (int i = pos; i < lim; i++) {
                zeros &= buf[i] == 0;
            }
            pos = lim;
        } while (fill());
        return new GzipFormatException(count + (count == 1 ? " byte" : " bytes") + " after the last gzip member at byte " + at
                + (count == 1 ? " is" : " are") + " not gzip" + (zeros ? " (zero padding)" : ""), member, at);
    }

    private int nextByte() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads the next chunk into buf once everything before was consumed; false at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        base += lim;
        pos = 0;
        lim = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    private long offset() {
        return base + pos;
    }

    private GzipFormatException error(String message) {
        return new GzipFormatException(message, member, offset());
    }
}
