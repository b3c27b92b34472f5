package io.twt.core.object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where {@link ObjectSplit} reads raw objects and publishes its outputs: an S3 bucket for the
 * Validate function, the workdir for local mode. Keys are S3-style ({@code raw/2026/03/01/12/x.gz}).
 */
public interface ObjectStore {

    /** The object's content, from its first byte; a missing object is an exception of the store's own. */
    InputStream read(String key) throws IOException;

    /**
     * Makes {@code file} (a finished gzip output) the content of {@code key}, replacing what was
     * there, all at once: a reader sees the old object or the new one, never part of one. The
     * store may move {@code file} away.
     */
    void write(String key, Path file) throws IOException;

    /** Removes the object {@code key} if there is one. */
    void delete(String key) throws IOException;
}
