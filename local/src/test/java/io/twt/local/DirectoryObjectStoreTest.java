package io.twt.local;

import static io.twt.core.io.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.object.MemoryObjectStore;
import io.twt.core.object.ObjectSplit;
import io.twt.core.object.SplitSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryObjectStoreTest {

    @TempDir
    Path dir;

    private Path workdir() {
        return dir.resolve("work");
    }

    /** Every file under the workdir, relative path (S3-style) to content. */
    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(workdir())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(workdir().relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void anObjectIsTheFileAtItsKeyUnderTheWorkdir() throws IOException {
        DirectoryObjectStore store = new DirectoryObjectStore(workdir());
        Path output = Files.writeString(Files.createDirectories(store.tempDir()).resolve("out.gz"), "gzip bytes");

        store.write("validated/2026/03/01/12/x.gz", output);

        assertThat(output).doesNotExist();
        assertThat(workdir().resolve("validated/2026/03/01/12/x.gz")).hasContent("gzip bytes");
        try (InputStream in = store.read("validated/2026/03/01/12/x.gz")) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("gzip bytes"));
        }
        store.delete("validated/2026/03/01/12/x.gz");
        store.delete("validated/2026/03/01/12/x.gz");
        assertThat(workdir().resolve("validated/2026/03/01/12/x.gz")).doesNotExist();
    }

    @Test
    void aMissingObjectCannotBeRead() {
        DirectoryObjectStore store = new DirectoryObjectStore(workdir());

        assertThatThrownBy(() -> store.read("raw/missing.gz")).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.gz", "raw/../../outside.gz", "/etc/passwd", ""})
    void aKeyLeadingOutOfTheWorkdirIsRefused(String key) {
        DirectoryObjectStore store = new DirectoryObjectStore(workdir());

        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an object key");
    }

    @Test
    void theTempDirIsTheValidatingDirectoryOfTheWorkdir() {
        assertThat(new DirectoryObjectStore(workdir()).tempDir()).isEqualTo(workdir().resolve(".validating"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "truncated"})
    void theSplitWritesIntoTheWorkdirTheBytesItWritesIntoMemory(String name) throws IOException {
        byte[] raw = name.equals("mixed") ? SplitSamples.mixed() : SplitSamples.truncated();
        MemoryObjectStore reference = new MemoryObjectStore();
        reference.put(SplitSamples.RAW_KEY, raw);
        new ObjectSplit(reference, dir.resolve("reference")).split(SplitSamples.RAW_KEY, SplitSamples.OUTPUTS);
        DirectoryObjectStore store = new DirectoryObjectStore(workdir());
        Path rawFile = workdir().resolve(SplitSamples.RAW_KEY);
        Files.createDirectories(rawFile.getParent());
        Files.write(rawFile, raw);

        new ObjectSplit(store, store.tempDir()).split(SplitSamples.RAW_KEY, SplitSamples.OUTPUTS);

        Map<String, byte[]> files = files();
        assertThat(files).containsOnlyKeys(reference.objects().keySet())
                .containsKeys(SplitSamples.OUTPUTS.validated(), SplitSamples.OUTPUTS.quarantine());
        reference.objects().forEach((key, content) -> assertThat(files.get(key)).as(key).isEqualTo(content));
        assertThat(store.tempDir()).isEmptyDirectory();
    }
}
