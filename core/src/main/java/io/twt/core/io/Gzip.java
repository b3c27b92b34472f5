package io.twt.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip detected by its magic bytes, as Firehose objects and stream files come either way. */
public final class Gzip {

    private static final int BUFFER_BYTES = 1 << 16;

    private Gzip() {
    }

    /** True when {@code in} starts with gzip's magic bytes; {@code in} is left where it was. */
    public static boolean startsWithMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip;
    }

    /** {@code raw}, buffered and gunzipped when it is gzip (every member, see {@link GzipMembersInputStream}). */
    public static InputStream decompressIfGzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER_BYTES);
        return startsWithMagic(in) ? new GzipMembersInputStream(in) : in;
    }

    /**
     * Gzip at the fastest level, for the objects twt writes itself: local mode compresses every
     * record twice (raw/, then validated/), and level 1 deflates several times faster than the
     * default level 6 for output about a third larger.
     */
    public static OutputStream fastOutput(OutputStream raw) throws IOException {
        return new GZIPOutputStream(raw, BUFFER_BYTES) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
