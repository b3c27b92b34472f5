package io.twt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code twt-bench sample}: the bundled sample and the single-format streams. */
class SampleCommandTest {

    private static final Path SAMPLE = Path.of("..", "events", "sample-stream.ndjson");

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine cli = BenchCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theBundledSampleIsWhatTheGeneratorMakes() throws Exception {
        Path regenerated = dir.resolve("sample.ndjson");
        assertThat(bench("sample", "--out", regenerated.toString())).isZero();
        assertThat(Files.readString(regenerated))
                .as("events/sample-stream.ndjson is stale: regenerate it with java -jar bench/target/twt-bench.jar sample "
                        + "--out events/sample-stream.ndjson")
                .isEqualTo(Files.readString(SAMPLE));
    }

    @Test
    void aGzipFileOfTrimmedRecordsHasOneRecordPerPost() throws Exception {
        Path out = dir.resolve("nested/records.ndjson.gz");
        assertThat(bench("sample", "--out", out.toString(), "--posts", "25", "--format", "trimmed")).isZero();
        List<String> lines;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(25).allSatisfy(line -> assertThat(line).startsWith("{\"id\":\"").contains("\"screenname\":"));
    }

    @Test
    void anUnknownFormatFailsNamingTheChoicesAndWritesNoFile() {
        assertThat(bench("sample", "--out", dir.resolve("x.ndjson").toString(), "--format", "v3")).isEqualTo(1);
        assertThat(err.toString()).contains("unknown format 'v3': expected mixed, v1, v2 or trimmed");
        assertThat(dir.resolve("x.ndjson")).doesNotExist();
    }
}
