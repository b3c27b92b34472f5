package io.twt.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.trim.InputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twt local}: the whole pipeline on this machine, DuckDB as the warehouse. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs the twt pipeline on this machine: trims the input stream, delivers it like Firehose into "
                + "WORKDIR/raw/, validates each object into WORKDIR/validated/ and WORKDIR/quarantine/, loads new validated "
                + "objects into twt_raw (each once) and merges them into twt_user and twt_tweet in one transaction. "
                + "Running again on the same workdir adds to what is there.")
final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Stream file: NDJSON, optionally gzip; v1.1 statuses, v2 filtered-stream lines or trimmed records. Repeatable.")
    List<Path> inputs;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "auto (detected per line), v1, v2 or trimmed. Default: ${DEFAULT-VALUE}.")
    InputFormat format;

    @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "twt-data",
            description = "Where raw/, validated/, quarantine/ and rejected/ live. Default: ${DEFAULT-VALUE}.")
    Path workdir;

    @Option(names = "--db", paramLabel = "PATH", description = "DuckDB database file. Default: WORKDIR/twt.duckdb.")
    Path db;

    @Option(names = "--export", paramLabel = "DIR", description = "Also write twt_user.csv and twt_tweet.csv (RFC 4180) here.")
    Path export;

    @Option(names = "--json", description = "End with one JSON line of counters on stdout instead of the summary.")
    boolean json;

    @Option(names = "--buffer-size", paramLabel = "BYTES", defaultValue = "5242880",
            description = "Firehose buffering size: an object is written when this many bytes are buffered. Default: ${DEFAULT-VALUE} (5 MiB).")
    long bufferBytes;

    @Option(names = "--buffer-interval", paramLabel = "SECONDS", defaultValue = "300",
            description = "Firehose buffering interval: an object is written when its first record is this old. Default: ${DEFAULT-VALUE}.")
    long bufferSeconds;

    @Override
    public Integer call() throws Exception {
        if (bufferBytes < 1 || bufferSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--buffer-size must be at least 1 and --buffer-interval at least 0");
        }
        Path database = db != null ? db : workdir.resolve("twt.duckdb");
        LocalPipeline pipeline = new LocalPipeline(
                new LocalPipeline.Settings(inputs, format, workdir, database, bufferBytes, Duration.ofSeconds(bufferSeconds)),
                System.err, Clock.systemUTC());
        RunStats stats = pipeline.run();
        if (export != null) {
            try (LocalStore store = LocalStore.open(database)) {
                store.exportCsv(export);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(stats.toMap()));
        } else {
            printSummary(out, stats, database);
        }
        out.flush();
        return 0;
    }

    private void printSummary(PrintWriter out, RunStats s, Path database) {
        out.printf("twt local: %,d lines read from %d file(s)%s%n", s.received, inputs.size(),
                s.unreadableInputs == 0 ? "" : ", " + s.unreadableInputs + " of them unreadable part-way (see stderr)");
        out.printf("  forwarder  %,d posts forwarded, %,d control messages, %,d keep-alives, %,d rejected %s%n",
                s.forwarded, s.control, s.keepalive, s.rejected, s.rejected == 0 ? "" : s.rejectedByReason);
        out.printf("  firehose   %,d raw object(s)%n", s.objects);
        out.printf("  validate   %,d valid, %,d quarantined %s%s%n", s.valid, s.quarantined,
                s.quarantined == 0 ? "" : s.quarantinedByReason,
                s.unreadableObjects == 0 ? "" : ", " + s.unreadableObjects + " unreadable object(s)");
        out.printf("  snowpipe   %,d file(s) loaded (%,d rows), %,d already loaded%n", s.loadedFiles, s.rowsLoaded, s.skippedFiles);
        out.printf("  refresh    %,d distinct posts merged in %,d ms%n", s.batchRows, s.refreshMillis);
        out.printf("Tables: twt_tweet %,d rows, twt_user %,d rows (%s)%n", s.tweets, s.users, database);
        if (!s.topCashtags.isEmpty()) {
            out.println("Top cashtags:");
            for (List<String> row : s.topCashtags) {
                out.printf("  %-8s %,6d posts%n", row.get(0), Long.parseLong(row.get(1)));
            }
        }
        if (!s.topUsers.isEmpty()) {
            out.println("Top users:");
            for (List<String> row : s.topUsers) {
                out.printf("  @%-20s %,6d posts %,10d followers%n", row.get(0), Long.parseLong(row.get(1)), Long.parseLong(row.get(2)));
            }
        }
        if (export != null) {
            out.printf("Exported %s and %s%n", export.resolve("twt_user.csv"), export.resolve("twt_tweet.csv"));
        }
    }

    /** Turns --input-format's text into the enum with a message that lists the choices. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            return InputFormat.parse(value);
        }
    }
}
