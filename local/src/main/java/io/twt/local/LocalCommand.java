package io.twt.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.trim.InputFormat;
import io.twt.stream.Durations;
import io.twt.stream.StreamDefaults;
import io.twt.stream.budget.PostBudget;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                + "Running again on the same workdir adds to what is there. With --source x-v2 or x-v1 it follows the "
                + "live X stream and does this in rounds until Ctrl-C (or --max-posts, --duration). The X credentials "
                + "come from environment variables only: X_BEARER_TOKEN (x-v2); X_CONSUMER_KEY, X_CONSUMER_SECRET, "
                + "X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET (x-v1).")
final class LocalCommand implements Callable<Integer> {

    /** Where posts come from. */
    enum SourceKind {
        FILE("file"), X_V2("x-v2"), X_V1("x-v1");

        final String option;

        SourceKind(String option) {
            this.option = option;
        }
    }

    static final String STREAM_BASE_URL_ENV = "TWT_STREAM_BASE_URL";
    static final String V1_STREAM_BASE_URL_ENV = "TWT_V1_STREAM_BASE_URL";

    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "file", converter = SourceConverter.class,
            description = "file (the --input files), x-v2 (the X API v2 filtered stream, bearer token) or x-v1 (the v1.1 "
                    + "statuses/filter stream, OAuth 1.0a keys). Default: ${DEFAULT-VALUE}.")
    SourceKind source;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Stream file: NDJSON, optionally gzip; v1.1 statuses, v2 filtered-stream lines or trimmed records. "
                    + "Repeatable. Required with --source file.")
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

    @Option(names = "--json", description = "Print JSON lines instead of text: one per round of a stream, then one of totals.")
    boolean json;

    @Option(names = "--buffer-size", paramLabel = "BYTES", defaultValue = "5242880",
            description = "Firehose buffering size: an object is written when this many bytes are buffered. Default: ${DEFAULT-VALUE} (5 MiB).")
    long bufferBytes;

    @Option(names = "--buffer-interval", paramLabel = "SECONDS", defaultValue = "300",
            description = "Firehose buffering interval: an object is written when its first record is this old. Default: ${DEFAULT-VALUE}.")
    long bufferSeconds;

    @Option(names = "--rule", paramLabel = "RULE",
            description = "x-v2: a filtered-stream rule, synced (tag twt) before streaming. Repeatable. Default: "
                    + StreamDefaults.DEFAULT_RULE + ".")
    List<String> rules;

    @Option(names = "--track", paramLabel = "TERMS", split = ",",
            description = "x-v1: the track terms, comma-separated. Default: " + StreamDefaults.DEFAULT_TRACK + ".")
    List<String> track;

    @Option(names = "--stream-base-url", paramLabel = "URL",
            description = "x-v2: the X API base URL. Default: $" + STREAM_BASE_URL_ENV + ", else " + StreamDefaults.STREAM_BASE_URL + ".")
    URI streamBaseUrl;

    @Option(names = "--v1-stream-base-url", paramLabel = "URL",
            description = "x-v1: the streaming API base URL. Default: $" + V1_STREAM_BASE_URL_ENV + ", else "
                    + StreamDefaults.V1_STREAM_BASE_URL + ".")
    URI v1StreamBaseUrl;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = StreamDefaults.STALL_TIMEOUT, converter = DurationConverter.class,
            description = "x-v2: reconnect when no byte (not even a keep-alive) arrives for this long. Default: ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Option(names = "--daily-post-cap", paramLabel = "N", defaultValue = StreamDefaults.DAILY_POST_CAP + "",
            description = "Streams: posts read from X in a UTC day before the stream disconnects until the next one "
                    + "(X bills each post read). Default: ${DEFAULT-VALUE} (the monthly cap over 31 days).")
    long dailyPostCap;

    @Option(names = "--monthly-post-cap", paramLabel = "N", defaultValue = StreamDefaults.MONTHLY_POST_CAP + "",
            description = "Streams: posts read from X in a UTC month before the stream disconnects until the next one. "
                    + "The counts are kept in WORKDIR/" + StreamDefaults.POST_BUDGET_FILE + ". Default: ${DEFAULT-VALUE}.")
    long monthlyPostCap;

    @Option(names = "--refresh-every", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Streams: write, validate, load and refresh this often (a round). Default: ${DEFAULT-VALUE}.")
    Duration refreshEvery;

    @Option(names = "--max-posts", paramLabel = "N", defaultValue = "0",
            description = "Streams: stop after N posts (then the final round). Default: no limit.")
    long maxPosts;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Streams: stop after this long, e.g. 90s, 5m or 2h (then the final round). Default: until Ctrl-C.")
    Duration duration;

    LocalCommand() {
        this(System.getenv());
    }

    LocalCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (bufferBytes < 1 || bufferSeconds < 0) {
            return usageError("--buffer-size must be at least 1 and --buffer-interval at least 0");
        }
        if (source == SourceKind.FILE) {
            if (inputs == null || inputs.isEmpty()) {
                return usageError("--source file needs --input FILE");
            }
            if (maxPosts != 0 || duration != null || rules != null || track != null) {
                return usageError("--max-posts, --duration, --rule and --track are for --source x-v2 or x-v1");
            }
        } else {
            if (inputs != null) {
                return usageError("--input is for --source file, not " + source.option);
            }
            if (dailyPostCap < 1 || monthlyPostCap < 1) {
                return usageError("--daily-post-cap and --monthly-post-cap must be at least 1");
            }
            if (maxPosts < 0 || refreshEvery.isZero() || refreshEvery.isNegative()
                    || (duration != null && (duration.isZero() || duration.isNegative()))) {
                return usageError("--max-posts must be at least 0, --refresh-every and --duration more than 0");
            }
            List<String> missing = XStreams.missing(source, env);
            if (!missing.isEmpty()) {
                return usageError("--source " + source.option + " needs the environment variable" + (missing.size() > 1 ? "s " : " ")
                        + String.join(", ", missing) + " (credentials are read from the environment, never from arguments)");
            }
        }
        Path database = db != null ? db : workdir.resolve("twt.duckdb");
        LocalPipeline pipeline = new LocalPipeline(
                new LocalPipeline.Settings(inputs == null ? List.of() : inputs, format, workdir, database, bufferBytes,
                        Duration.ofSeconds(bufferSeconds)),
                System.err, Clock.systemUTC());
        return source == SourceKind.FILE ? report(pipeline.run(), database) : stream(pipeline, database);
    }

    /**
     * Follows the stream until stopped. SIGINT/SIGTERM only ask for a stop: the round in progress
     * and the final one still run, and the process exits with this method's code.
     */
    private int stream(LocalPipeline pipeline, Path database) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StopRequest stop = new StopRequest();
        SignalStop signals = SignalStop.install(stop, () -> {
            out.flush();
            err.flush();
            System.out.flush();
            System.err.flush();
        });
        int code;
        try {
            PostBudget budget = PostBudget.open(workdir.resolve(StreamDefaults.POST_BUDGET_FILE), dailyPostCap, monthlyPostCap,
                    Clock.systemUTC());
            LocalPipeline.SourceFactory factory = source == SourceKind.X_V2
                    ? XStreams.v2(env, baseUrl(streamBaseUrl, STREAM_BASE_URL_ENV, StreamDefaults.STREAM_BASE_URL),
                            rules == null ? List.of(StreamDefaults.DEFAULT_RULE) : rules, stallTimeout, budget)
                    : XStreams.v1(env, baseUrl(v1StreamBaseUrl, V1_STREAM_BASE_URL_ENV, StreamDefaults.V1_STREAM_BASE_URL),
                            track == null ? Arrays.asList(StreamDefaults.DEFAULT_TRACK.split(",")) : track, budget);
            RunStats stats = pipeline.stream(factory, new LocalPipeline.StreamSettings(refreshEvery, maxPosts, duration),
                    stop, round -> printRound(out, round));
            code = report(stats, database);
        } catch (Exception e) {
            // Printed here, not by the CLI's handler: after a signal the process ends as soon as this returns.
            err.println("twt local: " + TwtCli.describe(e));
            code = 1;
        }
        out.flush();
        err.flush();
        signals.finished(code);
        return code;
    }

    private URI baseUrl(URI option, String envName, String fallback) {
        if (option != null) {
            return option;
        }
        String fromEnv = env.get(envName);
        return URI.create(fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv.strip());
    }

    private int usageError(String message) {
        spec.commandLine().getErr().println("twt local: " + message);
        return 2;
    }

    private int report(RunStats stats, Path database) throws Exception {
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

    private void printRound(PrintWriter out, RunStats.Round r) {
        if (json) {
            try {
                out.println(new ObjectMapper().writeValueAsString(r.toMap()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write a round as JSON", e);
            }
        } else {
            out.printf("%s %d: %,d posts from %,d lines (%,d rejected), %,d object(s): %,d valid, %,d quarantined; "
                    + "%,d rows loaded, %,d merged in %,d ms; twt_tweet %,d rows, twt_user %,d rows%s%n",
                    r.last() ? "final round" : "round", r.number(), r.forwarded(), r.received(), r.rejected(), r.objects(),
                    r.valid(), r.quarantined(), r.rowsLoaded(), r.batchRows(), r.refreshMillis(), r.tweets(), r.users(),
                    r.reconnects() == 0 ? "" : "; " + r.reconnects() + " reconnect(s)");
        }
        out.flush();
    }

    private void printSummary(PrintWriter out, RunStats s, Path database) {
        if (source == SourceKind.FILE) {
            out.printf("twt local: %,d lines read from %d file(s)%s%n", s.received, inputs.size(),
                    s.unreadableInputs == 0 ? "" : ", " + s.unreadableInputs + " of them unreadable part-way (see stderr)");
        } else {
            out.printf("twt local: %,d lines read from the %s in %d round(s), stopped by %s%s%n", s.received,
                    source == SourceKind.X_V2 ? "X API v2 filtered stream" : "X v1.1 filter stream", s.rounds, s.stoppedBy,
                    s.reconnects.isEmpty() ? "" : "; reconnects " + s.reconnects);
        }
        out.printf("  forwarder  %,d posts forwarded, %s%,d control messages, %,d keep-alives, %,d rejected %s%n",
                s.forwarded, s.notices == 0 ? "" : String.format("%,d compliance notices, ", s.notices), s.control, s.keepalive,
                s.rejected, s.rejected == 0 ? "" : s.rejectedByReason);
        out.printf("  firehose   %,d raw object(s)%n", s.objects);
        out.printf("  validate   %,d valid, %,d quarantined %s%s%n", s.valid, s.quarantined,
                s.quarantined == 0 ? "" : s.quarantinedByReason,
                s.unreadableObjects == 0 ? "" : ", " + s.unreadableObjects + " unreadable object(s)");
        out.printf("  snowpipe   %,d file(s) loaded (%,d rows) in %,d ms, %,d already loaded%n", s.loadedFiles, s.rowsLoaded,
                s.loadMillis, s.skippedFiles);
        out.printf("  refresh    %,d distinct posts merged in %,d ms%s%s%n", s.batchRows, s.refreshMillis,
                s.complianceLines == 0 ? "" : String.format("; %,d compliance line(s) applied (see %s)", s.complianceLines,
                        SqlCatalogue.COMPLIANCE_LOG),
                s.refreshRejected == 0 ? "" : "; " + s.refreshRejected + " row(s) it could not parse kept in " + SqlCatalogue.REJECTED);
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
        out.printf("Report: java -jar local/target/twt.jar report --db %s%n", database);
    }

    /** Turns --input-format's text into the enum with a message that lists the choices. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            return InputFormat.parse(value);
        }
    }

    /** Turns --source's text into the enum with a message that lists the choices. */
    static final class SourceConverter implements picocli.CommandLine.ITypeConverter<SourceKind> {
        @Override
        public SourceKind convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            for (SourceKind k : SourceKind.values()) {
                if (k.option.equals(v)) {
                    return k;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a source: use file, x-v2 or x-v1");
        }
    }

    /** Durations as the forwarder writes them: 250ms, 20s, 5m, 1h. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
