package io.twt.functions.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.twt.bench.Figures;
import io.twt.core.io.LineReader;
import io.twt.core.object.ObjectSplit;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code twt-bench validate}: the Validate function's performance figures. In package
 * io.twt.functions.validate, but in the bench module, for the service's package-private gzip
 * output; the S3 stand-in's keys come from the function's test-jar ({@link S3StandIn}).
 *
 * <ol>
 *   <li>throughput of validating a large gzip NDJSON object on one core, in uncompressed MB/s, as a
 *       ratio to a baseline measured in the same run on the same bytes: gunzip, split lines and
 *       run a Jackson parse-only pass (nextToken loop) over each line;</li>
 *   <li>heap used while the service validates objects of the {@code --heap-mib} sizes (16 and 128
 *       MiB by default) end to end (S3 stand-in on disk, GetObject, validation, gzip to temp files,
 *       PutObject), each in a child JVM capped at {@value #CHILD_HEAP}.</li>
 * </ol>
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Measures validating a gzip NDJSON object against a parse-only pass over the same bytes, and the "
                + "heap the service uses on objects of the given sizes, each in a child JVM capped at 64 MiB.")
public final class ValidateBenchmark implements Callable<Integer> {

    private static final String HEAP_RUN = "heap";
    private static final String CHILD_HEAP = "-Xmx64m";
    private static final String BUCKET = "twt-bench";
    private static final String RAW_KEY = "raw/2026/03/01/12/twt-bench.gz";
    private static final double MB = 1_000_000.0;

    @Spec
    CommandSpec spec;

    @Option(names = "--mib", defaultValue = "256", paramLabel = "MIB",
            description = "Uncompressed size of the object for the throughput figures. Default: ${DEFAULT-VALUE}.")
    long throughputMib;

    @Option(names = "--rounds", defaultValue = "5", paramLabel = "N", description = "Timed rounds, after one warm-up round. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--heap-mib", defaultValue = "16,128", split = ",", paramLabel = "MIB",
            description = "Uncompressed sizes of the objects for the heap figures. Default: ${DEFAULT-VALUE}.")
    List<Long> heapMib;

    /** The child JVM of a heap figure: {@code heap MIB}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals(HEAP_RUN)) {
            throw new IllegalArgumentException("usage: " + HEAP_RUN + " MIB (run by twt-bench validate)");
        }
        heapRun(Long.parseLong(args[1]) << 20);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures.header(out, "validate");
        throughput(out);
        for (long mib : heapMib) {
            heapInChildJvm(out, mib);
        }
        out.flush();
        return 0;
    }

    // ---- throughput ------------------------------------------------------------------------

    private void throughput(PrintWriter out) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        long uncompressed;
        try (CountingGzip gzip = new CountingGzip(compressed)) {
            writeRecords(gzip, throughputMib << 20);
            uncompressed = gzip.count;
        }
        byte[] object = compressed.toByteArray();
        out.printf("throughput: %.1f MB of NDJSON (%.1f MB gzip), %d rounds, one thread%n",
                uncompressed / MB, object.length / MB, rounds);
        Path tempDir = Files.createTempDirectory("validate-bench");
        ObjectValidator validator = new ObjectValidator();
        JsonFactory json = new JsonFactory();
        double[] baseline = new double[rounds];
        double[] validate = new double[rounds];
        double[] validateGzip = new double[rounds];
        double[] validateRatio = new double[rounds];
        double[] validateGzipRatio = new double[rounds];
        // Round 0 warms the JIT up and is not counted.
        for (int round = -1; round < rounds; round++) {
            double b = rate(uncompressed, () -> parseOnly(object, json));
            double v = rate(uncompressed, () -> validator.validate(new ByteArrayInputStream(object),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).lines());
            double g = rate(uncompressed, () -> validateToGzipFiles(validator, object, tempDir));
            out.printf("  round %d%s: parse-only %.0f MB/s, validate %.0f MB/s (%.0f%%), validate + gzip outputs %.0f MB/s (%.0f%%)%n",
                    round + 1, round < 0 ? " (warm-up)" : "", b, v, 100 * v / b, g, 100 * g / b);
            if (round >= 0) {
                baseline[round] = b;
                validate[round] = v;
                validateGzip[round] = g;
                validateRatio[round] = v / b;
                validateGzipRatio[round] = g / b;
            }
        }
        out.printf("  median of %d rounds: parse-only %.0f MB/s; validate %.0f MB/s, %.0f%% of parse-only;"
                        + " validate + gzip outputs %.0f MB/s, %.0f%% of parse-only%n",
                rounds, Figures.median(baseline), Figures.median(validate), 100 * Figures.median(validateRatio),
                Figures.median(validateGzip), 100 * Figures.median(validateGzipRatio));
        Files.delete(tempDir);
    }

    private interface Pass {
        long run() throws IOException;
    }

    /** Uncompressed MB/s of one pass; the pass returns a count so that it cannot be optimised away. */
    private static double rate(long bytes, Pass pass) throws IOException {
        long start = System.nanoTime();
        long count = pass.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (count <= 0) {
            throw new IllegalStateException("the pass saw nothing");
        }
        return bytes / MB / seconds;
    }

    /** The baseline: gunzip, split lines as the validator does, and read every token of every line. */
    private static long parseOnly(byte[] object, JsonFactory json) throws IOException {
        AtomicLong tokens = new AtomicLong();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object), 1 << 16)) {
            new LineReader(ObjectValidator.MAX_LINE_BYTES + 1).read(in, (number, line, len, truncated) -> {
                try (JsonParser p = json.createParser(line, 0, len)) {
                    long n = 0;
                    while (p.nextToken() != null) {
                        n++;
                    }
                    tokens.addAndGet(n);
                }
            });
        }
        return tokens.get();
    }

    /** What the function does between download and upload: validate, gzipping both outputs into temp files. */
    private static long validateToGzipFiles(ObjectValidator validator, byte[] object, Path tempDir) throws IOException {
        Path valid = tempDir.resolve("valid.gz");
        Path quarantine = tempDir.resolve("quarantine.gz");
        long lines;
        try (OutputStream v = ObjectSplit.gzip(valid); OutputStream q = ObjectSplit.gzip(quarantine)) {
            lines = validator.validate(new ByteArrayInputStream(object), v, q).lines();
        }
        Files.delete(valid);
        Files.delete(quarantine);
        return lines;
    }

    // ---- heap ------------------------------------------------------------------------------

    private static void heapInChildJvm(PrintWriter out, long mib) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The S3 stand-in logs every request at INFO through slf4j-simple: only warnings reach the figures.
        Process child = new ProcessBuilder(java, CHILD_HEAP, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                ValidateBenchmark.class.getName(), HEAP_RUN, String.valueOf(mib)).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.println(line);
            }
        }
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the " + mib + " MiB heap run failed");
        }
    }

    /** In a child JVM: validate one object of {@code bytes} uncompressed through the whole service. */
    private static void heapRun(long bytes) throws Exception {
        Path dir = Files.createTempDirectory("validate-heap");
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", blobs.toString());
        BlobStoreContext store = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3StandIn.ACCESS_KEY, S3StandIn.SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(1);
        }
        try (S3Client s3 = S3Clients.create(
                Map.of(S3Clients.REGION_VARIABLE, S3StandIn.REGION, S3Clients.ENDPOINT_VARIABLE, "http://127.0.0.1:" + proxy.getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3StandIn.ACCESS_KEY, S3StandIn.SECRET_KEY)))) {
            s3.createBucket(r -> r.bucket(BUCKET));
            Path object = dir.resolve("object.gz");
            long uncompressed;
            try (CountingGzip out = new CountingGzip(Files.newOutputStream(object))) {
                writeRecords(out, bytes);
                uncompressed = out.count;
            }
            s3.putObject(r -> r.bucket(BUCKET).key(RAW_KEY), RequestBody.fromFile(object));
            ValidateService service = new ValidateService(s3, new ValidateSettings("raw/", temp));

            HeapWatch heap = HeapWatch.start();
            long start = System.nanoTime();
            ObjectOutcome outcome = service.validate(new S3ObjectId(BUCKET, RAW_KEY));
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectReport report = ((ObjectOutcome.Validated) outcome).report();
            System.out.printf("heap: %.0f MiB object (%.1f MiB gzip, %,d lines, %,d valid) validated end to end in %.1f s with %s:"
                            + " peak heap used %.1f MiB, most live after a GC %.1f MiB%n",
                    uncompressed / 1048576.0, Files.size(object) / 1048576.0, report.lines(), report.valid(), seconds, CHILD_HEAP,
                    heap.peakUsed() / 1048576.0, heap.maxAfterGc() / 1048576.0);
        } finally {
            proxy.stop();
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Heap use from the moment it starts: the pools' peak usage, and the most that survived any GC. */
    private static final class HeapWatch {
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();
        private final Set<String> poolNames = new HashSet<>();
        private final AtomicLong maxAfterGc = new AtomicLong();

        static HeapWatch start() {
            System.gc();
            HeapWatch watch = new HeapWatch();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                    watch.pools.add(pool);
                    watch.poolNames.add(pool.getName());
                }
            }
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    long after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo()
                            .getMemoryUsageAfterGc().entrySet().stream().filter(e -> watch.poolNames.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    watch.maxAfterGc.accumulateAndGet(after, Math::max);
                }
            }, null, null));
            return watch;
        }

        /** The sum of each heap pool's peak: an upper bound of the heap used at any one time. */
        long peakUsed() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        long maxAfterGc() {
            return maxAfterGc.get();
        }
    }

    // ---- data ------------------------------------------------------------------------------

    private static final String[] WORDS = ("launch orbit rocket crew capsule booster engine static fire rollout pad tower weather "
            + "delay scrub go nominal telemetry stage separation landing droneship recovery fairing payload satellite "
            + "caf\u00e9 se\u00f1al \u00fcber \u2014 \u00b7 \ud83d\ude80 \ud83c\udf15 $ATOM $SOL #Artemis @nasa https://t.co/x1Yz").split(" ");

    /** Writes valid trimmed records (about 450 bytes each) until {@code bytes} have been written. */
    private static void writeRecords(CountingGzip out, long bytes) throws IOException {
        RecordJson json = new RecordJson();
        Random random = new Random(2026);
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        StringBuilder text = new StringBuilder();
        for (long i = 0; out.count < bytes; i++) {
            text.setLength(0);
            for (int w = 8 + random.nextInt(30); w > 0; w--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            int user = random.nextInt(5000);
            TweetRecord record = new TweetRecord(String.valueOf(1896215732465139712L + i), start.plusMillis(i * 37),
                    "user_" + user, "User " + user, random.nextInt(200_000), random.nextInt(2_000_000), random.nextInt(5000),
                    random.nextInt(1000), random.nextInt(100_000), random.nextBoolean(), "blue", text.toString(),
                    random.nextInt(10_000), random.nextInt(500), random.nextInt(800), random.nextInt(3000),
                    String.valueOf(1349149096909668363L + user));
            out.write(json.toBytes(record));
            out.write('\n');
        }
    }

    /** A gzip stream that counts the bytes written to it. */
    private static final class CountingGzip extends GZIPOutputStream {
        long count;

        CountingGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
