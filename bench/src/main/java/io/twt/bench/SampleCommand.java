package io.twt.bench;

import io.twt.testkit.SampleGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twt-bench sample}: writes a synthetic stream, the same way every time for the same seed. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes a synthetic X stream: posts with cashtags by an evolving population of users. "
                + "mixed: both formats with re-deliveries, late posts, control lines, keep-alives and bad lines "
                + "(what events/sample-stream.ndjson holds); v1, v2, trimmed: clean posts in one format.")
final class SampleCommand implements Callable<Integer> {

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
        new SampleGenerator(seed, users, SampleGenerator.SAMPLE_START).write(out, posts, format);
        return 0;
    }
}
