package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.object.MemoryObjectStore;
import io.twt.core.object.ObjectSplit;
import io.twt.core.object.OutputKeys;
import io.twt.core.object.SplitSamples;
import io.twt.core.trim.InputFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run leaves in {@code validated/} and {@code quarantine/} the bytes the core split (the
 * Validate function's) writes for the same raw objects, and no temp file in {@code .validating/}.
 */
class LocalSplitParityTest {

    @TempDir
    Path dir;

    @Test
    void everyRawObjectOfARunHasTheOutputsTheFunctionWouldWrite() throws Exception {
        Path input = dir.resolve("posts.ndjson");
        StringBuilder lines = new StringBuilder();
        for (int n = 0; n < 600; n++) {
            String line = SplitSamples.valid(n);
            lines.append(n % 50 == 7 ? line.replace("\"tweet_retweet_count\":56", "\"tweet_retweet_count\":-1") : line).append('\n');
        }
        Files.writeString(input, lines);
        Path work = dir.resolve("work");
        RunStats stats = new LocalPipeline(new LocalPipeline.Settings(List.of(input), InputFormat.TRIMMED, work, work.resolve("twt.duckdb"),
                32 << 10, Duration.ofSeconds(300)), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Clock.systemUTC()).run();
        assertThat(stats.objects).as("a few objects").isGreaterThan(2);
        assertThat(stats.quarantined).isEqualTo(12);

        MemoryObjectStore reference = new MemoryObjectStore();
        Map<String, byte[]> raw = files(work, OutputKeys.RAW_PREFIX);
        raw.forEach(reference::put);
        ObjectSplit split = new ObjectSplit(reference, dir.resolve("reference"));
        for (String key : raw.keySet()) {
            split.split(key, OutputKeys.forRawKey(OutputKeys.RAW_PREFIX, key).orElseThrow());
        }

        Map<String, byte[]> outputs = files(work, OutputKeys.VALIDATED_PREFIX);
        outputs.putAll(files(work, OutputKeys.QUARANTINE_PREFIX));
        Map<String, byte[]> expected = reference.objects();
        expected.keySet().removeAll(raw.keySet());
        assertThat(outputs).containsOnlyKeys(expected.keySet());
        expected.forEach((key, content) -> assertThat(outputs.get(key)).as(key).isEqualTo(content));
        assertThat(work.resolve(".validating")).isEmptyDirectory();
    }

    /** The files under {@code work/prefix}, by their S3-style key. */
    private static Map<String, byte[]> files(Path work, String prefix) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(work.resolve(prefix))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(work.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
