package io.twt.local;

import io.twt.bench.Figures;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.SqlCatalogue;
import io.twt.testkit.SampleGenerator;
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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twt-bench local}: local parse + merge throughput on DuckDB, and the cost of merging a batch
 * into large tables against the same batch into empty ones, in the same run. In package io.twt.local,
 * but in the bench module, for LocalStore, which twt.jar keeps package-private.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Measures local parse + merge throughput on DuckDB, and the cost of merging a batch into large "
                + "tables against the same batch into empty ones.")
public final class LocalMergeBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records", defaultValue = "1000000", paramLabel = "N", description = "Records for the parse + merge benchmark. Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--batch", defaultValue = "10000", paramLabel = "N", description = "Batch size for the merge-cost comparison. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Scratch directory for the DuckDB files. Default: a temporary directory.")
    Path workdir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures.header(out, "local");
        merging(out);
        out.flush();
        return 0;
    }

    private void merging(PrintWriter out) throws Exception {
        Path dir = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("twt-bench");
        out.println();
        out.printf("Local parse + merge on DuckDB (%s)%n", dir);
        SampleGenerator gen = new SampleGenerator(2, Math.max(1, records / 20), SampleGenerator.SAMPLE_START);
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
            double large = Figures.median(intoLarge);
            double empty = Figures.median(intoEmpty);
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
