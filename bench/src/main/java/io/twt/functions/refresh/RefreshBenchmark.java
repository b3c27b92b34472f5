package io.twt.functions.refresh;

import io.twt.bench.Figures;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.RefreshScript;
import io.twt.core.sql.SqlCatalogue;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twt-bench refresh}: the Refresh function's figures. For an empty stream and batches of
 * observations (by default 10, 1,000 and 100,000), the statements and JDBC round trips of one refresh
 * (counted through a proxy on the connection) and its duration on DuckDB (in memory, median of the
 * rounds, each on a fresh database already holding the base observations, so that the merges meet
 * existing rows), with the ratio to the smallest batch's run. About a fifth of each batch are later
 * sightings of posts seen before and a tenth exact duplicates. In package io.twt.functions.refresh,
 * but in the bench module, for the test stand-ins of the function's test-jar (Posts, Warehouse, Jdbc).
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = "Counts the statements and JDBC round trips of one refresh and times it on DuckDB, for an empty "
                + "stream and batches of several sizes merged into tables that already hold rows.")
public final class RefreshBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Runs per batch size; the median is shown. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--base", defaultValue = "10000", paramLabel = "N",
            description = "Observations merged before each measured refresh. Default: ${DEFAULT-VALUE}.")
    int base;

    @Option(names = "--batches", defaultValue = "10,1000,100000", split = ",", paramLabel = "N",
            description = "Batch sizes, in observations, after the empty stream. Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures.header(out, "refresh");
        RefreshRunner runner = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB));
        measure(runner, 1_000);
        List<Integer> sizes = new ArrayList<>(List.of(0));
        batches.stream().filter(b -> b > 0).sorted().forEach(sizes::add);
        String smallest = sizes.size() > 1 ? String.format("%,d rows", sizes.get(1)) : "-";
        out.println("Refresh on DuckDB (the Snowflake code path, DuckDB dialect); base " + base + " observations, median of " + rounds + " runs");
        out.printf("%-13s %10s %11s %12s %12s %13s %14s%n",
                "batch", "posts read", "statements", "round trips", "duration ms", "vs " + smallest, "ms per 1k rows");
        double smallestMs = 0;
        for (int batch : sizes) {
            List<Run> runs = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                runs.add(measure(runner, batch));
            }
            runs.sort((a, b) -> Long.compare(a.nanos, b.nanos));
            Run median = runs.get(rounds / 2);
            double ms = median.nanos / 1e6;
            if (batch > 0 && smallestMs == 0) {
                smallestMs = ms;
            }
            for (Run r : runs) {
                if (r.statements != median.statements || r.roundTrips != median.roundTrips) {
                    throw new IllegalStateException("the statement count varied between runs of one batch size");
                }
            }
            out.printf("%-13s %10d %11d %12d %12.1f %13s %14s%n",
                    batch == 0 ? "empty stream" : String.format("%,d rows", batch), median.postsRead, median.statements, median.roundTrips, ms,
                    batch == 0 ? "-" : String.format("%.1fx", ms / smallestMs),
                    batch == 0 ? "-" : String.format("%.2f", ms / batch * 1000));
        }
        RefreshScript snowflake = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        int compliance = snowflake.compliance().size();
        out.println("Snowflake's sequence: 1 statement when the stream is empty, else " + (snowflake.steps().size() - compliance)
                + ", or " + snowflake.steps().size() + " when the stream holds compliance lines"
                + " (" + snowflake.steps().stream().map(RefreshScript.Step::name).collect(Collectors.joining(", ")) + "; the "
                + compliance + " compliance_ statements run only then), each one round trip; DuckDB's has the same number,"
                + " its after-merge statement the emulated offset update.");
        out.flush();
        return 0;
    }

    private record Run(long nanos, long postsRead, int statements, int roundTrips) {
    }

    private Run measure(RefreshRunner runner, int batch) throws Exception {
        Posts posts = new Posts(batch, 2_000, Instant.parse("2026-03-01T12:00:00Z"));
        try (Warehouse warehouse = Warehouse.inMemory()) {
            warehouse.load(posts.observations(base));
            runner.run(warehouse.connection());
            if (batch > 0) {
                List<TweetRecord> observations = posts.observations(batch);
                Collections.shuffle(observations, new java.util.Random(batch));
                warehouse.load(observations);
            }
            Jdbc.Traffic traffic = new Jdbc.Traffic();
            RefreshService service = new RefreshService(() -> Jdbc.wrap(warehouse.connection(), traffic), runner, 0);
            long started = System.nanoTime();
            RefreshResult r = service.refresh(null);
            long nanos = System.nanoTime() - started;
            return new Run(nanos, r.batchRows(), r.statements(), traffic.roundTrips());
        }
    }
}
