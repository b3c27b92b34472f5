package io.twt.core.object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link ObjectStore} in memory, for core's and the adapters' tests: the reference the S3 and
 * directory stores are compared with. Writes to a key can be made to fail.
 */
public final class MemoryObjectStore implements ObjectStore {

    private final Map<String, byte[]> objects = new TreeMap<>();
    private final Set<String> failingWrites = new HashSet<>();
    private final Map<String, Integer> failingReads = new TreeMap<>();

    public void put(String key, byte[] content) {
        objects.put(key, content.clone());
    }

    /** The object's bytes, or null. */
    public byte[] get(String key) {
        return objects.get(key);
    }

    /** Every object, key to content, in key order. */
    public Map<String, byte[]> objects() {
        return new TreeMap<>(objects);
    }

    /** From now on, writing {@code key} throws an IOException. */
    public void failWritesTo(String key) {
        failingWrites.add(key);
    }

    /** From now on, reading {@code key} throws an IOException (not a gzip error) once {@code bytes} bytes are read. */
    public void failReadsOf(String key, int bytes) {
        failingReads.put(key, bytes);
    }

    @Override
    public InputStream read(String key) throws IOException {
        byte[] content = objects.get(key);
        if (content == null) {
            throw new NoSuchFileException(key);
        }
        Integer failAfter = failingReads.get(key);
        if (failAfter == null) {
            return new ByteArrayInputStream(content);
        }
        return new SequenceInputStream(new ByteArrayInputStream(content, 0, failAfter), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the connection to " + key + " broke in this test");
            }
        });
    }

    @Override
    public void write(String key, Path file) throws IOException {
        if (failingWrites.contains(key)) {
            throw new IOException("writing " + key + " fails in this test");
        }
        objects.put(key, Files.readAllBytes(file));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }
}
