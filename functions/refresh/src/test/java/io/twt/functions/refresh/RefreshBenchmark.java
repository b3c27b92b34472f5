package io.twt.functions.refresh;

import io.twt.core.record.TweetRecord;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.RefreshScript;
import io.twt.core.sql.SqlCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints the Refresh function's figures (not a test): for an empty stream and batches of 10, 1,000
 * and 100,000 observations, the statements and JDBC round trips of one refresh (counted through a
 * proxy on the connection) and its duration on DuckDB (in memory, median of {@value #ROUNDS} runs,
 * each on a fresh database already holding {@value #BASE} observations, so that the merges meet
 * existing rows), with the ratio to the 10-row run. About a fifth of each batch are later
 * sightings of posts seen before and a tenth exact duplicates.
 *
 * <p>Run with {@code mvn -B -q -pl functions/refresh test-compile exec:exec}.
 */
public final class RefreshBenchmark {

    private static final int ROUNDS = 3;
    private static final int BASE = 10_000;
    private static final int[] BATCHES = {0, 10, 1_000, 100_000};

    private RefreshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RefreshRunner runner = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB));
        measure(runner, 1_000);
        System.out.println("Refresh on DuckDB (the Snowflake code path, DuckDB dialect); base " + BASE + " observations, median of " + ROUNDS + " runs");
        System.out.printf("%-13s %10s %11s %12s %12s %10s %14s%n",
                "batch", "posts read", "statements", "round trips", "duration ms", "vs 10 rows", "ms per 1k rows");
        double tenRows = 0;
        for (int batch : BATCHES) {
            List<Run> runs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                runs.add(measure(runner, batch));
            }
            runs.sort((a, b) -> Long.compare(a.nanos, b.nanos));
            Run median = runs.get(ROUNDS / 2);
            double ms = median.nanos / 1e6;
            if (batch == 10) {
                tenRows = ms;
            }
            for (Run r : runs) {
                if (r.statements != median.statements || r.roundTrips != median.roundTrips) {
                    throw new IllegalStateException("the statement count varied between runs of one batch size");
                }
            }
            System.out.printf("%-13s %10d %11d %12d %12.1f %10s %14s%n",
                    batch == 0 ? "empty stream" : String.format("%,d rows", batch), median.postsRead, median.statements, median.roundTrips, ms,
                    batch == 0 || tenRows == 0 ? "-" : String.format("%.1fx", ms / tenRows),
                    batch == 0 ? "-" : String.format("%.2f", ms / batch * 1000));
        }
        RefreshScript snowflake = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        System.out.println("Snowflake's sequence: 1 statement when the stream is empty, else " + snowflake.steps().size()
                + " (" + snowflake.steps().stream().map(RefreshScript.Step::name).collect(Collectors.joining(", ")) + "),"
                + " each one round trip; DuckDB's has the same number, its after-merge statement the emulated offset update.");
    }

    private record Run(long nanos, long postsRead, int statements, int roundTrips) {
    }

    private static Run measure(RefreshRunner runner, int batch) throws Exception {
        Posts posts = new Posts(batch, 2_000, Instant.parse("2026-03-01T12:00:00Z"));
        try (Warehouse warehouse = Warehouse.inMemory()) {
            List<TweetRecord> base = posts.observations(BASE);
            warehouse.load(base);
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
