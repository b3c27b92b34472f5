package io.twt.bench;

import java.io.PrintWriter;
import java.util.Arrays;

/** What the benchmarks share: the line that says where the figures were taken, and the median of rounds. */
public final class Figures {

    private Figures() {
    }

    /** The first line of a benchmark's output: what it measures, on how many cores, which JVM, how much heap. */
    public static void header(PrintWriter out, String benchmark) {
        out.printf("twt-bench %s on %d cores, %s %s, heap %,d MiB%n", benchmark, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The upper median: the middle value of an odd count, the higher middle one of an even count. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
