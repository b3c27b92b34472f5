package io.twt.local;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twt sample}: writes a synthetic stream, the same way every time for the same seed. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes a synthetic X stream: posts with cashtags by an evolving population of users. "
                + "mixed: both formats with re-deliveries, late posts, control lines, keep-alives and bad lines "
                + "(what events/sample-stream.ndjson holds); v1, v2, trimmed: clean posts in one format.")
final class SampleCommand implements Callable<Integer> {

    static final Instant SAMPLE_START = Instant.parse("2026-03-01T12:00:00Z");

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file; gzip when it ends in .gz.")
    Path out;

    @Option(names = "--posts", defaultValue = "300", paramLabel = "N", description = "Distinct posts. Default: ${DEFAULT-VALUE}.")
    int posts;

    @Option(names = "--users", defaultValue = "40", paramLabel = "N", description = "Distinct users. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--format", defaultValue = "mixed", paramLabel = "FORMAT",
            description = "mixed, v1, v2 or trimmed. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        SampleGenerator gen = new SampleGenerator(seed, users, SAMPLE_START);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream file = Files.newOutputStream(out);
                Writer w = new BufferedWriter(new OutputStreamWriter(
                        out.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file, StandardCharsets.UTF_8), 1 << 16)) {
            if ("mixed".equals(format)) {
                for (String line : gen.sampleStream(posts)) {
                    w.write(line);
                    w.write('\n');
                }
            } else {
                for (int i = 0; i < posts; i++) {
                    SampleGenerator.Post p = gen.next();
                    w.write(render(gen, p));
                    w.write('\n');
                }
            }
        }
        return 0;
    }

    private String render(SampleGenerator gen, SampleGenerator.Post p) {
        switch (format) {
            case "v1": return gen.v1(p);
            case "v2": return gen.v2(p);
            case "trimmed": return SampleGenerator.trimmed(p);
            default: throw new IllegalArgumentException("unknown --format '" + format + "': expected mixed, v1, v2 or trimmed");
        }
    }
}
