package io.twt.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void fastOutputIsPlainGzipThatEveryReaderTakesBack() throws Exception {
        byte[] text = "{\"id\":\"1\"}\n{\"id\":\"2\"}\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = Gzip.fastOutput(packed)) {
            out.write(text);
        }
        assertThat(packed.size()).isLessThan(text.length / 10);
        try (InputStream in = Gzip.decompressIfGzip(new ByteArrayInputStream(packed.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(packed.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(text);
        }
    }
}
