package io.twt.core.io;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Gzip members built by hand, header fields and all, for the tests of the gzip reader. */
final class GzipMembers {

    static final int FTEXT = 0x01;
    static final int FHCRC = 0x02;
    static final int FEXTRA = 0x04;
    static final int FNAME = 0x08;
    static final int FCOMMENT = 0x10;

    private int flags;
    private byte[] extra;
    private String name;
    private String comment;
    private boolean headerCrc;

    GzipMembers text() {
        flags |= FTEXT;
        return this;
    }

    GzipMembers extra(byte[] extra) {
        flags |= FEXTRA;
        this.extra = extra;
        return this;
    }

    GzipMembers name(String name) {
        flags |= FNAME;
        this.name = name;
        return this;
    }

    GzipMembers comment(String comment) {
        flags |= FCOMMENT;
        this.comment = comment;
        return this;
    }

    GzipMembers headerCrc() {
        flags |= FHCRC;
        this.headerCrc = true;
        return this;
    }

    /** The header: magic, CM 8, FLG, MTIME, XFL 0, OS 3 (Unix), then the optional fields. */
    byte[] header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0x12, 0x34, 0x56, 0x78, 0, 3});
        if (extra != null) {
            out.write(extra.length & 0xff);
            out.write(extra.length >>> 8);
            out.writeBytes(extra);
        }
        if (name != null) {
            out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (comment != null) {
            out.writeBytes(comment.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue() & 0xff);
            out.write((int) (crc.getValue() >>> 8) & 0xff);
        }
        return out.toByteArray();
    }

    /** A whole member: header, raw deflate of {@code data}, CRC32 and ISIZE. */
    byte[] member(byte[] data) {
        return TestBytes.concat(header(), deflate(data), trailer(data));
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    static byte[] trailer(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return TestBytes.concat(le32(crc.getValue()), le32(data.length));
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
