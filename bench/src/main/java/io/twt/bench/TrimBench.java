package io.twt.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.testkit.SampleGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twt-bench trim}: trimming's speed as a ratio against Jackson parse-only passes over the
 * same lines in the same run, so that it means the same on a laptop and on CI.
 */
@Command(name = "trim", mixinStandardHelpOptions = true,
        description = "Measures trimming v2 and v1.1 lines against Jackson parse-only passes over the same bytes, on one core.")
final class TrimBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lines", defaultValue = "50000", paramLabel = "N", description = "Distinct lines per format. Default: ${DEFAULT-VALUE}.")
    int lineCount;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", description = "Timed rounds per figure, after 2 warm-up rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--round-mib", defaultValue = "256", paramLabel = "MIB",
            description = "Bytes each workload reads per round, the lines repeated as needed. Default: ${DEFAULT-VALUE}.")
    long roundMib;

    private final JsonFactory factory = new JsonFactory();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures.header(out, "trim");
        out.println();
        out.println("Trimming (one core): " + lineCount + " distinct lines per format, " + rounds + " rounds of >= "
                + roundMib + " MiB per workload;");
        out.println("MB/s: best round; ratios: median over the rounds of trim's speed over the baseline's in that round");
        out.printf("  %-8s %10s %10s %10s %10s %10s %11s %11s%n", "format", "bytes/line", "skim MB/s", "read MB/s", "tree MB/s",
                "trim MB/s", "trim/skim", "trim/read");
        SampleGenerator gen = new SampleGenerator(1, 5_000, SampleGenerator.SAMPLE_START);
        for (String format : List.of("v2", "v1.1")) {
            List<byte[]> lines = new ArrayList<>(lineCount);
            long bytes = 0;
            for (int i = 0; i < lineCount; i++) {
                SampleGenerator.Post p = gen.next();
                byte[] line = ("v1.1".equals(format) ? gen.v1(p) : gen.v2(p)).getBytes(StandardCharsets.UTF_8);
                lines.add(line);
                bytes += line.length;
            }
            Trimmer trimmer = new Trimmer(InputFormat.AUTO, factory);
            ObjectMapper mapper = new ObjectMapper(factory);
            Function<byte[], Integer> tree = line -> {
                try {
                    return mapper.readTree(line).size();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            Function<byte[], Integer> trim = line -> {
                TrimResult r = trimmer.trim(line, 0, line.length);
                if (r.kind() != TrimResult.Kind.POST) {
                    throw new IllegalStateException("benchmark line not trimmed: " + r.problem());
                }
                return r.json().length;
            };
            // The tree pass runs apart: interleaved, its calls into the parser blur the JIT's
            // profile of the two figures whose ratio is the target.
            double[] vsSkim = measure(lines, bytes, List.of(this::tokenize, trim));
            double[] vsRead = measure(lines, bytes, List.of(this::readValues, trim));
            double treeMbs = measure(lines, bytes, List.of(tree))[0];
            out.printf("  %-8s %,10d %10.1f %10.1f %10.1f %10.1f %10.0f%% %10.0f%%%n", format, bytes / lineCount,
                    vsSkim[0], vsRead[0], treeMbs, Math.max(vsSkim[1], vsRead[1]), 100 * vsSkim[2], 100 * vsRead[2]);
        }
        out.println("  skim = Jackson streaming pass over every token, no value read (the least any JSON reader does);");
        out.println("  read = the same pass reading every string and number; tree = Jackson readTree;");
        out.println("  trim = twt's trimming to the flat record, output included. Target: trim at >= 50% of parse-only speed.");
        out.flush();
        return 0;
    }

    /** Every token of the line, every string and number value read, nothing kept. */
    private int readValues(byte[] line) {
        int sum = 0;
        try (JsonParser p = factory.createParser(line)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    sum += p.getText().length();
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    sum += (int) p.getLongValue();
                } else {
                    sum++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sum;
    }

    /** Every token of the line, no value read, nothing kept: the strictest parse-only baseline. */
    private int tokenize(byte[] line) {
        int tokens = 0;
        try (JsonParser p = factory.createParser(line)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return tokens;
    }

    /**
     * Measures each workload for {@link #rounds} rounds after two warm-up rounds. A round runs the
     * workloads one after the other over at least {@link #roundMib} MiB, so that each pair of figures
     * in a round was taken under the same machine conditions; returns each workload's best MB/s
     * and, last, the median over rounds of (last workload's speed / first workload's speed).
     */
    private double[] measure(List<byte[]> lines, long bytes, List<Function<byte[], Integer>> workloads) {
        long roundBytes = roundMib << 20;
        int passes = (int) Math.max(1, (roundBytes + bytes - 1) / bytes);
        long sink = 0;
        double[] best = new double[workloads.size() + 1];
        double[] ratios = new double[rounds];
        for (int round = -2; round < rounds; round++) {
            double[] speed = new double[workloads.size()];
            for (int w = 0; w < workloads.size(); w++) {
                Function<byte[], Integer> work = workloads.get(w);
                long t0 = System.nanoTime();
                for (int pass = 0; pass < passes; pass++) {
                    for (byte[] line : lines) {
                        sink += work.apply(line);
                    }
                }
                speed[w] = bytes * passes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                if (round >= 0) {
                    best[w] = Math.max(best[w], speed[w]);
                }
            }
            if (round >= 0) {
                ratios[round] = speed[workloads.size() - 1] / speed[0];
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("no work was done");
        }
        best[workloads.size()] = Figures.median(ratios);
        return best;
    }
}
