package io.twt.local;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twt report}: one self-contained HTML page of charts over the analysts' views of a local database. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes one self-contained HTML page (it opens offline: Apache ECharts and the data are inside) with "
                + "charts over the analysts' views of a twt local DuckDB database: posts per cashtag over time (per hour "
                + "up to " + ReportData.HOURLY_UP_TO_HOURS + " hours, else per day), share of voice, engagement and "
                + "verified share per cashtag, and the top authors by posts and by reach.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", defaultValue = "twt-data/twt.duckdb",
            description = "The DuckDB database `twt local` wrote. Default: ${DEFAULT-VALUE}.")
    Path db;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html",
            description = "The HTML file to write. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--since", paramLabel = "TIMESTAMP|DATE",
            description = "Only posts from this UTC time on: 2026-03-01, 2026-03-01T12:00 or 2026-03-01T12:00:00Z. "
                    + "Per-day figures start at its day. Default: all.")
    String since;

    @Option(names = "--cashtag", paramLabel = "TAG",
            description = "Only this cashtag ($ optional, any case). Repeatable. Default: the top " + ReportData.TOP_CASHTAGS + ".")
    List<String> cashtags;

    @Override
    public Integer call() throws Exception {
        LocalDateTime from;
        try {
            from = since == null ? null : parseSince(since);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String c : cashtags == null ? List.<String>of() : cashtags) {
            String tag = normaliseCashtag(c);
            if (tag == null) {
                return usageError("--cashtag '" + c + "' is not a cashtag: one word after an optional $, e.g. TSLA or $tsla");
            }
            tags.add(tag);
        }
        ReportData data;
        try {
            data = ReportData.load(db, from, new ArrayList<>(tags));
        } catch (ReportData.Unreadable e) {
            spec.commandLine().getErr().println("twt report: " + e.getMessage());
            return 1;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, ReportPage.render(data), StandardCharsets.UTF_8);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("twt report: %s (%,d cashtag posts, %,d cashtags, %s to %s) from %s%n", out, data.cashtagPosts(), data.cashtagCount(),
                data.from() == null ? "-" : data.from(), data.to() == null ? "-" : data.to(), db);
        w.flush();
        return 0;
    }

    private int usageError(String message) {
        spec.commandLine().getErr().println("twt report: " + message);
        return 2;
    }

    /** A UTC date (its midnight) or a timestamp with or without a zone. */
    static LocalDateTime parseSince(String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay();
            }
            String iso = t.replace(' ', 'T');
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(iso).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is neither a date (2026-03-01) nor a timestamp (2026-03-01T12:00:00Z)");
        }
    }

    /** The cashtag as twt_tweet_entity keeps it (upper-case, no $), or null when {@code text} is not one. */
    static String normaliseCashtag(String text) {
        String t = text.strip();
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        return t.matches("[^\\s$]{1,64}") ? t.toUpperCase(Locale.ROOT) : null;
    }
}
