package io.twt.local;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.twt.core.io.Gzip;
import io.twt.core.io.LineReader;
import io.twt.core.line.LineOutcome;
import io.twt.core.line.LineStage;
import io.twt.core.object.ObjectSplit;
import io.twt.core.object.OutputKeys;
import io.twt.core.record.EntityField;
import io.twt.core.sql.RefreshResult;
import io.twt.core.sql.SqlCatalogue;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import io.twt.core.validate.Problem;
import io.twt.stream.SourceThread;
import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.ReconnectCounter;
import io.twt.stream.source.Source;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * The whole twt pipeline on one machine: trim (the forwarder), deliver (Firehose, into
 * {@code raw/}), validate each object (the Validate function, into {@code validated/} and
 * {@code quarantine/}), load new validated objects (Snowpipe, into {@code twt_raw}) and refresh
 * (the Refresh function: parse and merge in one transaction). Input files go through it once
 * ({@link #run()}); an X stream goes through it in rounds until stopped ({@link #stream}).
 */
final class LocalPipeline {

    /** How the run is set up. */
    record Settings(List<Path> inputs, InputFormat format, Path workdir, Path db, long bufferBytes, Duration bufferInterval) {
    }

    /**
     * Raw objects written but not yet validated at most, in a run over files: the reading thread
     * waits beyond that, so that it cannot run ahead of validation by more than a few objects.
     */
    private static final int VALIDATIONS_WAITING = 2;

    /** Rejections written to stderr in full; the rest are counted and kept in the rejected file. */
    private static final int LOGGED_REJECTIONS = 20;
    private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The cashtags X found in the most posts: twt_tweet_entity holds each post's distinct cashtags once. */
    private static final String TOP_CASHTAGS =
            "SELECT '$' || value AS tag, COUNT(*) AS posts FROM " + SqlCatalogue.TWEET_ENTITY
            + " WHERE kind = '" + SqlCatalogue.entityKind(EntityField.CASHTAGS) + "' GROUP BY value ORDER BY posts DESC, tag LIMIT 5";
    private static final String TOP_USERS =
            "SELECT u.screen_name, COUNT(t.id) AS posts, u.user_followers_count FROM " + SqlCatalogue.USER + " u"
            + " LEFT JOIN " + SqlCatalogue.TWEET + " t ON t.user_screen_name = u.screen_name"
            + " GROUP BY ALL ORDER BY posts DESC, u.screen_name LIMIT 5";

    private final Settings settings;
    private final PrintStream log;
    private final Clock clock;
    private final ObjectSplit split;
    private final JsonFactory json = new JsonFactory();
    private final RunStats stats = new RunStats();
    /** Validated objects this run has loaded or found loaded before. */
    private final Set<String> handledObjects = new HashSet<>();

    LocalPipeline(Settings settings, PrintStream log, Clock clock) {
        this.settings = settings;
        this.log = log;
        this.clock = clock;
        DirectoryObjectStore objects = new DirectoryObjectStore(settings.workdir());
        this.split = new ObjectSplit(objects, objects.tempDir());
    }

    Path rawRoot() {
        return settings.workdir().resolve(OutputKeys.RAW_PREFIX);
    }

    Path validatedRoot() {
        return settings.workdir().resolve(OutputKeys.VALIDATED_PREFIX);
    }

    RunStats run() throws IOException, SQLException {
        for (Path input : settings.inputs()) {
            if (!Files.isRegularFile(input)) {
                throw new NoSuchFileException(input.toString(), null, "input file not found");
            }
        }
        Files.createDirectories(settings.workdir());
        try (LocalStore store = LocalStore.open(settings.db())) {
            // A pipeline of three threads: the reading thread trims and writes raw objects, each
            // object is validated on a second thread and loaded on a third, so that the Validate
            // function's and the pipe's work overlap the trimming instead of following it. Each
            // stage takes objects in the order they were written.
            try (Background loads = new Background("twt-snowpipe", Integer.MAX_VALUE);
                    Background validations = new Background("twt-validate", VALIDATIONS_WAITING);
                    Lines lines = new Lines(0, null, key -> validations.submit(() -> {
                        validate(key);
                        loads.submit(() -> loadValidated(store, key));
                    }))) {
                for (Path input : settings.inputs()) {
                    read(input, lines);
                }
                lines.flush();
                validations.drain();
                loads.drain();
            }
            loadAndRefresh(store);
            finish(store, "the end of the input");
        }
        return stats;
    }

    /** Builds the source of a streamed run, given where it hands its lines and reconnects. */
    @FunctionalInterface
    interface SourceFactory {
        Source create(LineConsumer lines, ReconnectCounter reconnects);
    }

    /**
     * How a streamed run is paced and bounded.
     *
     * @param maxPosts stop once this many posts are forwarded; 0 for no limit
     * @param duration stop after this long; null for no limit
     */
    record StreamSettings(Duration refreshEvery, long maxPosts, Duration duration) {
    }

    /**
     * Streams posts from the source (on its own thread) through the pipeline until a stop is
     * requested (a signal), --max-posts or --duration is reached, or the source ends. Every
     * {@code refreshEvery} a round writes what is buffered as an object, validates, loads and
     * refreshes, and is reported to {@code onRound}; a final round follows the stop. A source
     * that failed is rethrown after that final round.
     */
    RunStats stream(SourceFactory factory, StreamSettings run, StopRequest stop, Consumer<RunStats.Round> onRound)
            throws Exception {
        Files.createDirectories(settings.workdir());
        try (LocalStore store = LocalStore.open(settings.db());
                Lines lines = new Lines(run.maxPosts(), () -> stop.request("--max-posts " + run.maxPosts()), this::validate)) {
            SourceThread reader = new SourceThread("twt-stream", factory.create(lines, lines),
                    failure -> stop.request(failure == null ? "the end of the stream" : "a stream failure"));
            reader.start();
            long start = System.nanoTime();
            long refreshNanos = run.refreshEvery().toNanos();
            long nextRound = start + refreshNanos;
            RunStats before = lines.snapshot();
            try {
                while (true) {
                    long wait = nextRound - System.nanoTime();
                    if (run.duration() != null) {
                        wait = Math.min(wait, start + run.duration().toNanos() - System.nanoTime());
                    }
                    if (stop.await(Duration.ofNanos(wait))) {
                        break;
                    }
                    if (run.duration() != null && System.nanoTime() - start >= run.duration().toNanos()) {
                        stop.request("--duration " + text(run.duration()));
                        break;
                    }
                    before = round(store, lines, before, false, onRound);
                    nextRound += refreshNanos;
                    if (nextRound - System.nanoTime() < 0) { // the round took longer than the interval
                        nextRound = System.nanoTime() + refreshNanos;
                    }
                }
            } finally {
                reader.stop(SourceThread.STOP_MILLIS);
                lines.endIntake();
            }
            round(store, lines, before, true, onRound);
            finish(store, stop.reason());
            if (reader.failure() instanceof Exception e) {
                throw e;
            }
            if (reader.failure() instanceof Error e) {
                throw e;
            }
        }
        return stats;
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Writes what is buffered, then loads and refreshes, and reports the round. */
    private RunStats round(LocalStore store, Lines lines, RunStats before, boolean last, Consumer<RunStats.Round> onRound)
            throws IOException, SQLException {
        lines.flush();
        loadAndRefresh(store);
        RunStats now = lines.snapshot();
        onRound.accept(now.roundSince(before, last));
        return now;
    }

    /** Snowpipe's and the Refresh function's share of a round. Runs on the calling thread only. */
    private void loadAndRefresh(LocalStore store) throws IOException, SQLException {
        load(store);
        // The refresh is the run's peak of memory, all of it DuckDB's. What trimming and validating
        // left in the heap is garbage by now: a full collection lets G1 give the heap it grew back
        // to the system first (about 250 MB of a 1M-post run's peak RSS), for one collection of a
        // mostly dead heap a round.
        System.gc();
        RefreshResult refresh = store.refresh();
        stats.rounds++;
        stats.batchRows += refresh.batchRows();
        stats.refreshRejected += refresh.rejectedRows();
        stats.refreshMillis += refresh.millis();
        stats.complianceLines += refresh.complianceLines();
        stats.tweets = store.count(SqlCatalogue.TWEET);
        stats.users = store.count(SqlCatalogue.USER);
    }

    private void finish(LocalStore store, String stoppedBy) throws SQLException {
        stats.stoppedBy = stoppedBy;
        stats.topCashtags = store.rows(TOP_CASHTAGS);
        stats.topUsers = store.rows(TOP_USERS);
    }

    /** Hands every line of one input file to {@code lines}; a corrupt gzip ends the file, not the run. */
    private void read(Path input, Lines lines) throws IOException {
        String source = input.toString();
        long before = stats.received;
        try (InputStream in = open(input)) {
            new LineReader(LineStage.MAX_LINE_BYTES).read(in, (lineNumber, buf, len, truncated) -> {
                try {
                    lines.accept(source, lineNumber, buf, len, truncated);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            });
        } catch (ZipException | EOFException e) {
            // A corrupt or truncated gzip input: what was read before stays forwarded.
            stats.unreadableInputs++;
            log.printf("unreadable %s after line %d: %s; the lines before it were processed%n",
                    source, stats.received - before, e.getMessage());
        }
    }

    /**
     * The forwarder's and Firehose's share, for a file or a stream: each line is trimmed, counted,
     * and its post buffered into the local Firehose, which hands each object it writes to the
     * object handler, or the line rejected with its reason. Synchronized: a stream hands lines over on its own thread
     * while rounds flush on theirs.
     */
    private final class Lines implements LineConsumer, ReconnectCounter, AutoCloseable {
        private final LineStage stage = new LineStage(new Trimmer(settings.format(), json));
        private final LocalFirehose firehose;
        private final RejectLog rejects;
        private final long maxPosts;
        private final Runnable onMaxPosts;
        private boolean closed;

        /** @param onObject called with each raw object's key once it is written */
        Lines(long maxPosts, Runnable onMaxPosts, ObjectHandler onObject) {
            this.maxPosts = maxPosts;
            this.onMaxPosts = onMaxPosts;
            Path rejectedFile = settings.workdir().resolve("rejected")
                    .resolve(RUN_STAMP.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
            this.rejects = new RejectLog(rejectedFile);
            this.firehose = new LocalFirehose(rawRoot(), settings.bufferBytes(), settings.bufferInterval(), clock,
                    (key, object, records) -> {
                        stats.objects++;
                        onObject.written(key);
                    });
        }

        /** Returns null for a line too long to trim, and for every line once closed or --max-posts is reached. */
        @Override
        public synchronized TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) {
            if (closed || (maxPosts > 0 && stats.forwarded >= maxPosts)) {
                return null;
            }
            try {
                return handle(source, line, buf, len, truncated);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private TrimResult handle(String source, long line, byte[] buf, int len, boolean truncated) throws IOException {
            stats.received++;
            if (stats.received % 1_000_000 == 0) {
                log.printf("… %,d lines read, %,d posts forwarded%n", stats.received, stats.forwarded);
            }
            LineOutcome outcome = stage.decide(buf, len, truncated);
            switch (outcome.fate()) {
                case POST -> {
                    firehose.put(outcome.trim().json());
                    if (++stats.forwarded == maxPosts) {
                        onMaxPosts.run();
                    }
                }
                case NOTICE -> {
                    firehose.put(outcome.trim().json());
                    stats.notices++;
                }
                case CONTROL -> stats.control++;
                case KEEPALIVE -> stats.keepalive++;
                case REJECTED -> reject(source, line, outcome.problem(), buf, len);
            }
            return outcome.trim();
        }

        private void reject(String source, long line, Problem problem, byte[] buf, int len) throws IOException {
            stats.reject(problem.code());
            if (stats.rejected <= LOGGED_REJECTIONS) {
                log.printf("rejected %s:%d: %s%n", source, line, problem);
            }
            rejects.write(source, line, problem, buf, len);
        }

        @Override
        public synchronized void reconnecting(String cause) {
            stats.reconnect(cause);
        }

        /** Writes the buffered records out as an object, handed to the object handler at once. */
        synchronized void flush() throws IOException {
            firehose.flush();
        }

        synchronized RunStats snapshot() {
            return stats.copy();
        }

        @Override
        public void close() throws IOException {
            endIntake();
        }

        /** Takes no more lines; what is buffered stays for a last {@link #flush()}. */
        synchronized void endIntake() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            rejects.close();
            if (stats.rejected > LOGGED_REJECTIONS) {
                log.printf("%,d lines rejected in all (%s); every one is in %s%n", stats.rejected, stats.rejectedByReason, rejects.file);
            }
        }
    }

    private static InputStream open(Path input) throws IOException {
        return Gzip.decompressIfGzip(Files.newInputStream(input));
    }

    /**
     * The Validate function's job for one raw object, with the function's own split: valid lines
     * on, bad ones to quarantine, the same bytes as in S3.
     */
    private void validate(String relativeKey) throws IOException {
        String rawKey = OutputKeys.RAW_PREFIX + relativeKey;
        ObjectReport report = split.split(rawKey, OutputKeys.forRawKey(OutputKeys.RAW_PREFIX, rawKey).orElseThrow());
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

    /**
     * Snowpipe's job: every validated object not loaded before is loaded once. Objects this run
     * has loaded or skipped already are not looked at again in later rounds.
     */
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
            loadOnce(store, root.relativize(object).toString().replace('\\', '/'), object);
        }
    }

    /** Loads one validated object unless this run has handled it already. */
    private void loadOnce(LocalStore store, String fileName, Path object) throws IOException, SQLException {
        if (!handledObjects.add(fileName)) {
            return;
        }
        long started = System.nanoTime();
        long rows = store.load(fileName, object);
        stats.loadMillis += (System.nanoTime() - started) / 1_000_000;
        if (rows < 0) {
            stats.skippedFiles++;
        } else {
            stats.loadedFiles++;
            stats.rowsLoaded += rows;
        }
    }

    /** What is done with each raw object once it is written. */
    @FunctionalInterface
    private interface ObjectHandler {
        void written(String relativeKey) throws IOException;
    }

    /** A stage's work on one object. */
    @FunctionalInterface
    private interface Task {
        void run() throws IOException, SQLException;
    }

    /** Snowpipe's job for the validated object of raw object {@code relativeKey}, if it has one. */
    private void loadValidated(LocalStore store, String relativeKey) throws IOException, SQLException {
        Path object = validatedRoot().resolve(relativeKey);
        if (Files.exists(object)) {
            loadOnce(store, relativeKey, object);
        }
    }

    /**
     * A stage of a run over input files on a thread of its own: tasks run one at a time, in the
     * order submitted. What a stage's tasks touch (the store and the load counters for the loads;
     * the object split and the validation counters for the validations) is used by that thread
     * only until {@link #drain()} has returned. The first failure skips the tasks after it and is
     * rethrown there. {@link #submit} waits while {@code maxWaiting} tasks are waiting or running.
     */
    private final class Background implements AutoCloseable {
        private final String name;
        private final ExecutorService thread;
        private final Semaphore slots;
        private final List<Future<?>> pending = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean failed;

        Background(String name, int maxWaiting) {
            this.name = name;
            this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
            this.slots = new Semaphore(maxWaiting);
        }

        void submit(Task task) throws IOException {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
            pending.add(thread.submit(() -> {
                try {
                    if (!failed) {
                        task.run();
                    }
                } catch (IOException | SQLException | RuntimeException e) {
                    failed = true;
                    throw e;
                } finally {
                    slots.release();
                }
                return null;
            }));
        }

        /** Waits for every task submitted; rethrows the first failure. */
        void drain() throws IOException, SQLException {
            try {
                for (Future<?> f : List.copyOf(pending)) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            }
        }

        /** Takes no more tasks and waits for the one running, so that what it uses can be closed after. */
        @Override
        public void close() throws IOException {
            failed = true;
            thread.shutdown();
            try {
                while (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    log.println("waiting for " + name + " to finish…");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
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
