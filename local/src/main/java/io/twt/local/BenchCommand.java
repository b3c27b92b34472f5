package io.twt.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code twt bench}: prints twt's performance figures, each against a baseline measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures trimming and local merge throughput.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet");
    }
}
