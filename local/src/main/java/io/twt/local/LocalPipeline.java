package io.twt.local;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import io.twt.core.record.RecordJson;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import io.twt.core.validate.Problem;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The whole twt pipeline on one machine: trim (the forwarder), deliver (Firehose, into
 * {@code raw/}), validate each object (the Validate function, into {@code validated/} and
 * {@code quarantine/}), load new validated objects (Snowpipe, into {@code twt_raw}) and refresh
 * (the Refresh function: parse and merge in one transaction).
 */
final class LocalPipeline {

    /** How the run is set up. */
    record Settings(List<Path> inputs, InputFormat format, Path workdir, Path db, long bufferBytes, Duration bufferInterval) {
    }

    /** Lines longer than this are rejected before parsing (an X post is a few KB). */
    static final int MAX_INPUT_LINE_BYTES = 16 << 20;
    /** Rejections written to stderr in full; the rest are counted and kept in the rejected file. */
    private static final int LOGGED_REJECTIONS = 20;
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final String TOP_CASHTAGS =
            "SELECT upper(tag) AS tag, COUNT(*) AS posts FROM ("
            + " SELECT unnest(list_distinct(regexp_extract_all(text, '\\$[A-Za-z][A-Za-z0-9]{0,9}\\b'))) AS tag FROM " + SqlCatalogue.TWEET
            + ") GROUP BY 1 ORDER BY posts DESC, tag LIMIT 5";
    private static final String TOP_USERS =
            "SELECT u.screen_name, COUNT(t.id) AS posts, u.user_followers_count FROM " + SqlCatalogue.USER + " u"
            + " LEFT JOIN " + SqlCatalogue.TWEET + " t ON t.user_screen_name = u.screen_name"
            + " GROUP BY ALL ORDER BY posts DESC, u.screen_name LIMIT 5";

    private final Settings settings;
    private final PrintStream log;
    private final Clock clock;
    private final ObjectValidator validator = new ObjectValidator();
    private final JsonFactory json = new JsonFactory();
    private final RunStats stats = new RunStats();

    LocalPipeline(Settings settings, PrintStream log, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.clock = clock;
    }

    Path rawRoot() {
        return settings.workdir().resolve("raw");
    }

    Path validatedRoot() {
        return settings.workdir().resolve("validated");
    }

    Path quarantineRoot() {
        return settings.workdir().resolve("quarantine");
    }

    RunStats run() throws IOException, SQLException {
        for (Path input : settings.inputs()) {
            if (!Files.isRegularFile(input)) {
                throw new NoSuchFileException(input.toString(), null, "input file not found");
            }
        }
        Files.createDirectories(settings.workdir());
        deliver();
        try (LocalStore store = LocalStore.open(settings.db())) {
            load(store);
            RefreshResult refresh = store.refresh();
            stats.batchRows = refresh.batchRows();
            stats.refreshMillis = refresh.millis();
            stats.tweets = store.count(SqlCatalogue.TWEET);
            stats.users = store.count(SqlCatalogue.USER);
            stats.topCashtags = store.rows(TOP_CASHTAGS);
            stats.topUsers = store.rows(TOP_USERS);
        }
        return stats;
    }

    /** Trims every input line and delivers the posts; each delivered object is validated at once. */
    private void deliver() throws IOException {
        Trimmer trimmer = new Trimmer(settings.format(), json);
        Path rejectedFile = settings.workdir().resolve("rejected")
                .resolve(RUN_STAMP.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
        LocalFirehose firehose = new LocalFirehose(rawRoot(), settings.bufferBytes(), settings.bufferInterval(), clock,
                (key, object, records) -> validate(key, object));
        try (RejectLog rejects = new RejectLog(rejectedFile)) {
            for (Path input : settings.inputs()) {
                String source = input.toString();
                LineReader lines = new LineReader(MAX_INPUT_LINE_BYTES);
                long before = stats.received;
                try (InputStream in = open(input)) {
                    lines.read(in, (lineNumber, buf, len, truncated) -> {
                        stats.received++;
                        if (truncated) {
                            reject(rejects, source, lineNumber, Problem.of(Problem.LINE_TOO_LONG, null,
                                    "the line is longer than " + MAX_INPUT_LINE_BYTES + " bytes"), buf, len);
                            return;
                        }
                        TrimResult r = trimmer.trim(buf, 0, len);
                        switch (r.kind()) {
                            case POST:
                                if (firehose.put(r.json())) {
                                    stats.forwarded++;
                                } else {
                                    reject(rejects, source, lineNumber, Problem.of("record_too_large", null,
                                            "the trimmed record is over Firehose's " + RecordJson.MAX_DELIVERED_BYTES + "-byte limit"), buf, len);
                                }
                                break;
                            case CONTROL:
                                stats.control++;
                                break;
                            case KEEPALIVE:
                                stats.keepalive++;
                                break;
                            case REJECTED:
                                reject(rejects, source, lineNumber, r.problem(), buf, len);
                                break;
                            default:
                                throw new IllegalStateException("unhandled kind " + r.kind());
                        }
                        if (stats.received % 1_000_000 == 0) {
                            log.printf("… %,d lines read, %,d posts forwarded%n", stats.received, stats.forwarded);
                        }
                    });
                } catch (ZipException | EOFException e) {
                    // A corrupt or truncated gzip input: what was read before stays forwarded.
                    stats.unreadableInputs++;
                    log.printf("unreadable %s after line %d: %s; the lines before it were processed%n",
                            source, stats.received - before, e.getMessage());
                }
            }
            firehose.flush();
            if (stats.rejected > LOGGED_REJECTIONS) {
                log.printf("%,d lines rejected in all (%s); every one is in %s%n", stats.rejected, stats.rejectedByReason, rejectedFile);
            }
        }
        stats.objects = firehose.objects();
    }

    private void reject(RejectLog rejects, String source, long lineNumber, Problem problem, byte[] buf, int len) throws IOException {
        stats.reject(problem.code());
        if (stats.rejected <= LOGGED_REJECTIONS) {
            log.printf("rejected %s:%d: %s%n", source, lineNumber, problem);
        }
        rejects.write(source, lineNumber, problem, buf, len);
    }

    private static InputStream open(Path input) throws IOException {
        return Gzip.decompressIfGzip(Files.newInputStream(input));
    }

    /** The Validate function's job for one raw object: valid lines on, bad ones to quarantine. */
    void validate(String relativeKey, Path object) throws IOException {
        Path validTarget = validatedRoot().resolve(relativeKey);
        Path quarantineTarget = quarantineRoot().resolve(relativeKey + ".jsonl.gz");
        Files.createDirectories(validTarget.getParent());
        Files.createDirectories(quarantineTarget.getParent());
        Path validTmp = Files.createTempFile(validTarget.getParent(), ".validating-", ".gz");
        Path quarantineTmp = Files.createTempFile(quarantineTarget.getParent(), ".validating-", ".gz");
        ObjectReport report;
        try (InputStream in = Files.newInputStream(object);
                OutputStream valid = new GZIPOutputStream(Files.newOutputStream(validTmp), 1 << 16);
                OutputStream bad = new GZIPOutputStream(Files.newOutputStream(quarantineTmp), 1 << 16)) {
            report = validator.validate(in, valid, bad);
        }
        publish(validTmp, validTarget, report.valid() > 0);
        publish(quarantineTmp, quarantineTarget, report.invalid() > 0 || report.unreadable() != null);
        stats.valid += report.valid();
        stats.quarantined += report.invalid();
        report.invalidByReason().forEach((reason, n) -> stats.quarantinedByReason.merge(reason, n, Long::sum));
        if (report.unreadable() != null) {
            stats.unreadableObjects++;
            log.printf("unreadable object raw/%s: %s%n", relativeKey, report.unreadable());
        }
        if (report.invalid() > 0) {
            log.printf("validated raw/%s: %d lines, %d valid, %d quarantined %s%n",
                    relativeKey, report.lines(), report.valid(), report.invalid(), report.invalidByReason());
        }
    }

    private static void publish(Path tmp, Path target, boolean keep) throws IOException {
        if (keep) {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(tmp);
        }
    }

    /** Snowpipe's job: every validated object not loaded before is loaded once. */
    private void load(LocalStore store) throws IOException, SQLException {
        Path root = validatedRoot();
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".gz")
                    && !p.getFileName().toString().startsWith(".")).sorted().forEach(objects::add);
        }
        for (Path object : objects) {
            String fileName = root.relativize(object).toString().replace('\\', '/');
            long rows = store.load(fileName, object);
            if (rows < 0) {
                stats.skippedFiles++;
            } else {
                stats.loadedFiles++;
                stats.rowsLoaded += rows;
            }
        }
    }

    /** Every rejected input line, with where it came from and why, as NDJSON. */
    private final class RejectLog implements AutoCloseable {
        private final Path file;
        private JsonGenerator out;

        RejectLog(Path file) {
            this.file = file;
        }

        void write(String source, long line, Problem problem, byte[] buf, int len) throws IOException {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = json.createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8);
                out.setRootValueSeparator(null);
            }
            out.writeStartObject();
            out.writeStringField("source", source);
            out.writeNumberField("line", line);
            out.writeStringField("reason", problem.code());
            out.writeStringField("field", problem.field());
            out.writeStringField("message", problem.message());
            out.writeStringField("raw", new String(buf, 0, Math.min(len, ObjectValidator.RAW_SAMPLE_BYTES), StandardCharsets.UTF_8));
            out.writeEndObject();
            out.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }
}
