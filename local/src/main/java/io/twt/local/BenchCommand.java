package io.twt.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twt bench}: twt's performance figures, each as a ratio against a baseline measured in the
 * same run on the same data, so that they mean the same on a laptop and on CI.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = LocalSpeedBench.class,
        description = "Measures trimming against Jackson parse-only passes over the same bytes, local parse + merge "
                + "throughput on DuckDB, and the cost of merging a batch into a large table against an empty one.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trim-lines", defaultValue = "50000", paramLabel = "N", description = "Lines per format for the trimming benchmark. Default: ${DEFAULT-VALUE}.")
    int trimLines;

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N", description = "Records for the parse + merge benchmark. Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--batch", defaultValue = "10000", paramLabel = "N", description = "Batch size for the merge-cost comparison. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", description = "Timed rounds per trimming figure. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Scratch directory for the DuckDB files. Default: a temporary directory.")
    Path workdir;

    private static final long ROUND_BYTES = 256L << 20;

    private final JsonFactory factory = new JsonFactory();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("twt bench on %d cores, %s %s, heap %,d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        trimming(out);
        merging(out);
        out.flush();
        return 0;
    }

    // ---- trimming -----------------------------------------------------------------------------

    private void trimming(PrintWriter out) throws IOException {
        out.println();
        out.println("Trimming (one core): " + trimLines + " distinct lines per format, " + rounds + " rounds of >= "
                + (ROUND_BYTES >> 20) + " MiB per workload;");
        out.println("MB/s: best round; ratios: median over the rounds of trim's speed over the baseline's in that round");
        out.printf("  %-8s %10s %10s %10s %10s %10s %11s %11s%n", "format", "bytes/line", "skim MB/s", "read MB/s", "tree MB/s",
                "trim MB/s", "trim/skim", "trim/read");
        SampleGenerator gen = new SampleGenerator(1, 5_000, SampleCommand.SAMPLE_START);
        for (String format : List.of("v2", "v1.1")) {
            List<byte[]> lines = new ArrayList<>(trimLines);
            long bytes = 0;
            for (int i = 0; i < trimLines; i++) {
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
            out.printf("  %-8s %,10d %10.1f %10.1f %10.1f %10.1f %10.0f%% %10.0f%%%n", format, bytes / trimLines,
                    vsSkim[0], vsRead[0], treeMbs, Math.max(vsSkim[1], vsRead[1]), 100 * vsSkim[2], 100 * vsRead[2]);
        }
        out.println("  skim = Jackson streaming pass over every token, no value read (the least any JSON reader does);");
        out.println("  read = the same pass reading every string and number; tree = Jackson readTree;");
        out.println("  trim = twt's trimming to the flat record, output included. Target: trim at >= 50% of parse-only speed.");
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
     * workloads one after the other over at least {@link #ROUND_BYTES}, so that each pair of figures
     * in a round was taken under the same machine conditions; returns each workload's best MB/s
     * and, last, the median over rounds of (last workload's speed / first workload's speed).
     */
    private double[] measure(List<byte[]> lines, long bytes, List<Function<byte[], Integer>> workloads) {
        int passes = (int) Math.max(1, (ROUND_BYTES + bytes - 1) / bytes);
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
        best[workloads.size()] = median(ratios);
        return best;
    }

    // ---- parse + merge ------------------------------------------------------------------------

    private void merging(PrintWriter out) throws Exception {
        Path dir = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("twt-bench");
        out.println();
        out.printf("Local parse + merge on DuckDB (%s)%n", dir);
        SampleGenerator gen = new SampleGenerator(2, Math.max(1, records / 20), SampleCommand.SAMPLE_START);
        Path big = dir.resolve("records.ndjson");
        writeTrimmed(gen, big, records);
        List<byte[]> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(trimmedBytes(gen, batch));
        }

        Path db = dir.resolve("bench-large.duckdb");
        Files.deleteIfExists(db);
        try (LocalStore store = LocalStore.open(db)) {
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(big)) {
                store.load("records.ndjson", in);
            }
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            RefreshResult r = store.refresh();
            double refreshSeconds = r.millis() / 1e3;
            out.printf("  %-56s %8.2f s %,10.0f records/s%n", String.format("load %,d records into " + SqlCatalogue.RAW, records),
                    loadSeconds, records / loadSeconds);
            out.printf("  %-56s %8.2f s %,10.0f records/s (%d statements)%n", String.format("parse + merge %,d records", records),
                    refreshSeconds, records / refreshSeconds, r.statements());
            out.printf("  tables after: %s %,d rows, %s %,d rows%n", SqlCatalogue.TWEET, store.count(SqlCatalogue.TWEET),
                    SqlCatalogue.USER, store.count(SqlCatalogue.USER));

            double[] intoLarge = new double[batches.size()];
            for (int i = 0; i < batches.size(); i++) {
                intoLarge[i] = mergeSeconds(store, "large-batch-" + i, batches.get(i));
            }
            double[] intoEmpty = new double[batches.size()];
            for (int i = 0; i < batches.size(); i++) {
                Path emptyDb = dir.resolve("bench-empty-" + i + ".duckdb");
                Files.deleteIfExists(emptyDb);
                try (LocalStore empty = LocalStore.open(emptyDb)) {
                    intoEmpty[i] = mergeSeconds(empty, "empty-batch-" + i, batches.get(i));
                }
                Files.deleteIfExists(emptyDb);
            }
            double large = median(intoLarge);
            double empty = median(intoEmpty);
            out.printf("  %-56s %8.3f s (median of %d)%n", String.format("merge a %,d-record batch into the %,d-row tables", batch, records),
                    large, batches.size());
            out.printf("  %-56s %8.3f s (median of %d)%n", "merge the same batch into empty tables", empty, batches.size());
            out.printf("  %-56s %8.2f x%n", "cost ratio: large / empty", large / empty);
        }
        Files.deleteIfExists(db);
        Files.deleteIfExists(big);
        if (workdir == null) {
            Files.deleteIfExists(dir);
        }
    }

    private static double mergeSeconds(LocalStore store, String name, byte[] ndjson) throws Exception {
        store.load(name, new ByteArrayInputStream(ndjson));
        return store.refresh().millis() / 1e3;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static void writeTrimmed(SampleGenerator gen, Path file, int n) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < n; i++) {
                out.write(SampleGenerator.trimmed(gen.next()).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
    }

    /** A batch like a 5-minute refresh sees: mostly new posts, some re-deliveries of earlier ones. */
    private static byte[] trimmedBytes(SampleGenerator gen, int n) {
        StringBuilder sb = new StringBuilder(n * 500);
        List<SampleGenerator.Post> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SampleGenerator.Post p;
            if (!made.isEmpty() && gen.random().nextInt(10) == 0) {
                SampleGenerator.Post earlier = made.get(gen.random().nextInt(made.size()));
                p = earlier.seenAgain(gen.currentProfileOf(earlier), gen.random());
            } else {
                p = gen.next();
                made.add(p);
            }
            sb.append(SampleGenerator.trimmed(p)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
