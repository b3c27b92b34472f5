package io.twt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Each benchmark runs end to end at small sizes and prints its figures next to their baselines. */
class BenchCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private String bench(String... args) {
        picocli.CommandLine cli = BenchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void trimPrintsBothFormatsAgainstTheParseOnlyPasses() {
        assertThat(bench("trim", "--lines", "200", "--rounds", "1", "--round-mib", "1"))
                .startsWith("twt-bench trim on ")
                .containsPattern("(?m)^  v2 +\\d+ .*%$")
                .containsPattern("(?m)^  v1\\.1 +[\\d,]+ .*%$");
    }

    @Test
    void speedTimesTwtLocalAndThePlainDuckDbPassEachInItsOwnJvm() {
        assertThat(bench("speed", "--posts", "300", "--users", "20", "--scale", "2"))
                .startsWith("twt-bench speed on ")
                .containsPattern("(?m)^  300 +[\\d.]+ .*x$")
                .containsPattern("(?m)^  600 +[\\d.]+ .*x$")
                .containsPattern("2x the input: twt local [\\d.]+x the time, plain DuckDB [\\d.]+x");
    }

    @Test
    void localLoadsMergesAndComparesTheBatchIntoLargeAndEmptyTables() {
        assertThat(bench("local", "--records", "2000", "--batch", "100"))
                .contains("load 2,000 records into twt_raw")
                .contains("parse + merge 2,000 records")
                .contains("tables after: twt_tweet 2,000 rows")
                .contains("merge a 100-record batch into the 2,000-row tables")
                .containsPattern("cost ratio: large / empty +[\\d.]+ x");
    }

    @Test
    void forwarderDeliversEveryPostToTheLoopbackFirehose() {
        assertThat(bench("forwarder", "--posts", "2000"))
                .contains("2,000 v2 lines")
                .containsPattern("baseline: read \\+ trim only +[\\d,]+ posts/s")
                .containsPattern("forwarder: trim \\+ Firehose +[\\d,]+ posts/s")
                .contains("records per PutRecordBatch call");
    }

    @Test
    void validateMeasuresThroughputAndTheHeapOfAChildJvm() {
        assertThat(bench("validate", "--mib", "1", "--rounds", "1", "--heap-mib", "1"))
                .contains("median of 1 rounds: parse-only")
                .containsPattern("heap: 1 MiB object \\(.*\\) validated end to end in [\\d.]+ s with -Xmx64m");
    }

    @Test
    void refreshCountsFifteenStatementsForABatchWithoutComplianceLinesAndOneForAnEmptyStream() {
        assertThat(bench("refresh", "--rounds", "1", "--base", "100", "--batches", "10"))
                .containsPattern("(?m)^empty stream +0 +1 +1 ")
                .containsPattern("(?m)^10 rows +\\d+ +15 +15 ")
                .contains("else 15, or 23 when the stream holds compliance lines");
    }
}
