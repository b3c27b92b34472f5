package io.twt.local;

import io.twt.core.compliance.ComplianceApplier;
import io.twt.core.compliance.ComplianceKind;
import io.twt.core.compliance.ComplianceObjects;
import io.twt.core.compliance.ComplianceResult;
import io.twt.core.compliance.ComplianceResultReader;
import io.twt.core.object.OutputKeys;
import io.twt.core.sql.Dialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code twt compliance}: X content compliance on the local data. */
@Command(name = "compliance", mixinStandardHelpOptions = true,
        description = "X content compliance on the local data (see docs/compliance.md).",
        subcommands = ComplianceCommand.Apply.class)
final class ComplianceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The exit code when the result was applied but some of its lines were skipped as bad. */
    static final int SKIPPED_LINES = 3;
    /** The object prefixes rewritten, in the order printed. */
    static final List<String> PREFIXES = List.of(OutputKeys.RAW_PREFIX, OutputKeys.VALIDATED_PREFIX, OutputKeys.QUARANTINE_PREFIX);

    /** {@code twt compliance apply}. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Applies an X batch compliance result file (one JSON object per line: id, action, created_at, "
                    + "redacted_at, reason; plain or gzip) to the local database in one transaction: removes the posts it "
                    + "names (users: the users and all their posts) from twt_tweet, twt_tweet_entity, twt_raw and "
                    + "twt_raw_rejected (and twt_user), logs each line in twt_compliance_log, then rewrites WORKDIR/raw/, "
                    + "validated/ and quarantine/ without their lines, and prints what it removed. Bad lines are reported "
                    + "with their line number and skipped (exit code " + SKIPPED_LINES + "); the others are applied. "
                    + "Applying the same result again removes and logs nothing.")
    static final class Apply implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RESULT_FILE", description = "The downloaded result of a batch compliance job.")
        Path resultFile;

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "tweets",
                description = "tweets or users: the type of the job the result is for. Default: ${DEFAULT-VALUE}.")
        String kind;

        @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "twt-data",
                description = "The workdir of twt local (raw/, validated/, quarantine/). Default: ${DEFAULT-VALUE}.")
        Path workdir;

        @Option(names = "--db", paramLabel = "PATH", description = "DuckDB database file. Default: WORKDIR/twt.duckdb.")
        Path db;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ComplianceKind k;
            try {
                k = ComplianceKind.ofJobType(kind);
            } catch (IllegalArgumentException e) {
                err.println("twt compliance apply: --kind " + kind + " is not tweets or users");
                return 2;
            }
            Path database = db != null ? db : workdir.resolve("twt.duckdb");
            if (!Files.isRegularFile(database)) {
                err.println("twt compliance apply: no database at " + database + " (run twt local first, or give --db)");
                return 2;
            }
            ComplianceResult result = new ComplianceResultReader(k).read(resultFile);
            for (ComplianceResult.LineProblem p : result.problems()) {
                err.println("skipped " + p);
            }
            out.printf("read %s: %d lines, %d %s to apply, %d skipped%n", result.source(), result.lines(), result.events().size(),
                    k.jobType(), result.problems().size());

            ComplianceApplier.Outcome outcome;
            try (LocalStore store = LocalStore.open(database)) {
                outcome = new ComplianceApplier(Dialect.DUCKDB).apply(store.connection(), result);
            }
            for (Map.Entry<String, Long> e : outcome.removed().entrySet()) {
                out.printf("removed %,d rows from %s%n", e.getValue(), e.getKey());
            }
            out.printf("logged %,d rows in twt_compliance_log%n", outcome.logged());

            DirectoryObjectStore objects = new DirectoryObjectStore(workdir);
            ComplianceObjects scrub = new ComplianceObjects(objects, objects.tempDir(), outcome);
            for (String prefix : PREFIXES) {
                long lines = 0;
                long rewritten = 0;
                for (String key : keys(prefix)) {
                    long n = scrub.rewrite(key);
                    lines += n;
                    rewritten += n > 0 ? 1 : 0;
                }
                out.printf("removed %,d lines from %s (%,d objects rewritten)%n", lines, prefix, rewritten);
            }
            return result.problems().isEmpty() ? 0 : SKIPPED_LINES;
        }

        /** The object keys under {@code prefix} in the workdir, in order. */
        private List<String> keys(String prefix) throws IOException {
            Path dir = workdir.resolve(prefix);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<String> keys = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                    keys.add(workdir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"));
                }
            }
            return keys;
        }
    }
}
