package io.twt.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.sql.RefreshResult;
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
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures trimming against a Jackson parse-only pass over the same bytes, local parse + merge",
            "throughput on DuckDB, and the cost of merging a batch into a large table against an empty one."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trim-lines", defaultValue = "50000", paramLabel = "N", description = "Lines per format for the trimming benchmark. Default: ${DEFAULT-VALUE}.")
    int trimLines;

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N", description = "Records for the parse + merge benchmark. Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--batch", defaultValue = "10000", paramLabel = "N", description = "Batch size for the merge-cost comparison. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", description = "Timed rounds per trimming figure (best kept). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Scratch directory for the DuckDB files. Default: a temporary directory.")
    Path workdir;

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
        out.println("Trimming (one core): best of " + rounds + " rounds over " + trimLines + " lines per format");
        out.printf("  %-8s %12s %12s %12s %12s %10s%n", "format", "bytes/line", "parse MB/s", "tree MB/s", "trim MB/s", "trim/parse");
        SampleGenerator gen = new SampleGenerator(1, 5_000, SampleCommand.SAMPLE_START);
        for (String format : List.of("v1.1", "v2")) {
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
            double parse = best(lines, bytes, this::tokenize);
            double tree = best(lines, bytes, line -> {
                try {
                    return mapper.readTree(line).size();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            double trim = best(lines, bytes, line -> {
                TrimResult r = trimmer.trim(line, 0, line.length);
                if (r.kind() != TrimResult.Kind.POST) {
                    throw new IllegalStateException("benchmark line not trimmed: " + r.problem());
                }
                return r.json().length;
            });
            out.printf("  %-8s %,12d %12.1f %12.1f %12.1f %9.0f%%%n", format, bytes / trimLines, parse, tree, trim, 100 * trim / parse);
        }
        out.println("  parse = Jackson streaming pass over every token (the least any JSON reader does);");
        out.println("  tree = Jackson readTree; trim = twt's trimming to the flat record, output included. Target: trim/parse >= 50%.");
    }

    /** Every token of the line, nothing kept: the parse-only baseline. */
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

    /** Best MB/s over the rounds, after one warm-up round. */
    private double best(List<byte[]> lines, long bytes, Function<byte[], Integer> work) {
        long sink = 0;
        double best = 0;
        for (int round = 0; round <= rounds; round++) {
            long t0 = System.nanoTime();
            for (byte[] line : lines) {
                sink += work.apply(line);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (round > 0) {
                best = Math.max(best, bytes / 1e6 / seconds);
            }
        }
        if (sink == 42) {
            System.err.print("");
        }
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
            out.printf("  load %,d records into twt_raw      %8.2f s  %,12.0f records/s%n", records, loadSeconds, records / loadSeconds);
            out.printf("  parse + merge %,d records          %8.2f s  %,12.0f records/s (%,d statements)%n",
                    records, refreshSeconds, records / refreshSeconds, r.statements());
            out.printf("  tables after: twt_tweet %,d rows, twt_user %,d rows%n", store.count("twt_tweet"), store.count("twt_user"));

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
            out.printf("  merge a %,d-record batch into the %,d-row table  %8.3f s (median of %d)%n", batch, records, large, batches.size());
            out.printf("  merge the same batch into empty tables            %8.3f s (median of %d)%n", empty, batches.size());
            out.printf("  cost ratio large/empty                            %8.2f x%n", large / empty);
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
