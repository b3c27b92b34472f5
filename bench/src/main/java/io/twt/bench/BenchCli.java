package io.twt.bench;

import io.twt.bench.forwarder.ForwarderBench;
import io.twt.functions.refresh.RefreshBenchmark;
import io.twt.functions.validate.ValidateBenchmark;
import io.twt.local.LocalMergeBench;
import io.twt.local.LocalSpeedBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/twt-bench.jar}: the sample stream generator and the benchmarks,
 * apart from the production jars (twt.jar, twt-forwarder.jar, the functions' jars).
 */
@Command(name = "twt-bench", mixinStandardHelpOptions = true, version = "twt-bench 0.1.0",
        description = "Writes synthetic X streams and prints twt's performance figures, each against a baseline "
                + "measured in the same run on the same data.",
        subcommands = {SampleCommand.class, TrimBench.class, LocalMergeBench.class, LocalSpeedBench.class, ForwarderBench.class,
            ValidateBenchmark.class, RefreshBenchmark.class, CommandLine.HelpCommand.class})
public final class BenchCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new BenchCli());
    }
}
