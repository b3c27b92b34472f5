package io.twt.stream.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.line.LineStage;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.Problem;
import io.twt.stream.RecordingLines;
import io.twt.stream.Sleeper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplaySourceTest {

    private static final Path SAMPLE = Path.of("../events/sample-stream.ndjson");

    @TempDir
    Path dir;

    private final RecordingLines lines = new RecordingLines(new Trimmer(InputFormat.AUTO));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theSampleStreamIsTrimmedAndCountedLikeLocalModeDoesIt(boolean gzip) throws Exception {
        Path file = SAMPLE;
        if (gzip) {
            file = dir.resolve("sample.ndjson.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                Files.copy(SAMPLE, out);
            }
        }

        new ReplaySource(file, lines, 0, System::nanoTime, Sleeper.SYSTEM).run();

        assertThat(lines.received.sum()).isEqualTo(369);
        assertThat(lines.posts.sum()).isEqualTo(338);
        assertThat(lines.notices.sum()).isEqualTo(7);
        assertThat(lines.control.sum()).isEqualTo(5);
        assertThat(lines.keepalive.sum()).isEqualTo(15);
        assertThat(lines.rejected.sum()).isEqualTo(4);
        assertThat(lines.rejectedFor("not_json")).isEqualTo(2);
        assertThat(lines.rejectedFor("not_object")).isEqualTo(1);
        assertThat(lines.rejectedFor("no_author")).isEqualTo(1);
        List<String> records = drain();
        assertThat(records).hasSize(338).allSatisfy(r -> assertThat(r).startsWith("{\"id\":\"").endsWith("}\n"));
        String firstPost = Files.readAllLines(SAMPLE).get(1);
        assertThat(records.get(0)).isEqualTo(new Trimmer(InputFormat.AUTO).trim(firstPost).jsonString() + "\n");
    }

    @Test
    void aGivenRateSpacesPostsOutButNotOtherLines() throws Exception {
        Path file = dir.resolve("three.ndjson");
        String post = Files.readAllLines(SAMPLE).get(1);
        Files.writeString(file, post + "\n\n{\"delete\":{}}\n" + post + "\n" + post + "\n");
        long[] now = {0};
        List<Duration> sleeps = new ArrayList<>();
        Sleeper clockAdvancing = d -> {
            sleeps.add(d);
            now[0] += d.toNanos();
        };

        new ReplaySource(file, lines, 10, () -> now[0], clockAdvancing).run();

        assertThat(lines.posts.sum()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void aRecordOverFirehoseLimitIsRejectedWithAReason() throws Exception {
        String big = "{\"id\":\"1\",\"screenname\":\"a\",\"text\":\"" + "x".repeat(1_100_000) + "\"}";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);

        lines.accept("test", 1, bytes, bytes.length, false);
        lines.accept("test", 2, bytes, 100, true);

        assertThat(lines.rejectedFor(LineStage.RECORD_TOO_LARGE)).isEqualTo(1);
        assertThat(lines.rejectedFor(Problem.LINE_TOO_LONG)).isEqualTo(1);
        assertThat(lines.depth()).isZero();
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (byte[] r = lines.poll(); r != null; r = lines.poll()) {
            out.add(new String(r, StandardCharsets.UTF_8));
        }
        return out;
    }
}
