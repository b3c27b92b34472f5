package io.twt.bench.forwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.bench.Figures;
import io.twt.core.io.LineReader;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.AwsClients;
import io.twt.forwarder.Forwarder;
import io.twt.forwarder.delivery.Batcher;
import io.twt.forwarder.delivery.DeadLetterFile;
import io.twt.forwarder.delivery.FirehoseDelivery;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.delivery.RetryPolicy;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.source.LineForwarder;
import io.twt.stream.Sleeper;
import io.twt.stream.source.ReplaySource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * {@code twt-bench forwarder}: replays a generated v2 stream file through the whole forwarder (trim,
 * queue, batch, the AWS SDK Firehose client) to {@link LoopbackFirehose}, against a baseline in the
 * same run: reading and trimming the same file with no delivery. CPU is the whole process's, stub
 * included.
 */
@Command(name = "forwarder", mixinStandardHelpOptions = true,
        description = "Replays a generated v2 stream through the whole forwarder to a Firehose stub on loopback, "
                + "against reading and trimming the same file with no delivery.")
public final class ForwarderBench implements Callable<Integer> {

    private static final int SENDERS = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--posts", defaultValue = "500000", paramLabel = "N", description = "Lines of the stream file. Default: ${DEFAULT-VALUE}.")
    int posts;

    private record Run(String name, long posts, double seconds, double cpuSeconds) {
        double postsPerSecond() {
            return posts / seconds;
        }

        double cpuPer100k() {
            return cpuSeconds * 100_000 / posts;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Figures.header(out, "forwarder");
        Path dir = Files.createTempDirectory("twt-bench");
        Path file = dir.resolve("stream.ndjson");
        long bytes = generate(file, posts);
        out.printf("%,d v2 lines, %,d bytes (%d B/line)%n", posts, bytes, bytes / posts);
        trimOnly(file); // warm-up
        Run baseline = trimOnly(file);
        forward(file, dir); // warm-up
        Run full = null;
        long calls = 0;
        long records = 0;
        try (LoopbackFirehose stub = new LoopbackFirehose()) {
            long c0 = stub.calls();
            long r0 = stub.records();
            full = forward(file, dir, stub);
            calls = stub.calls() - c0;
            records = stub.records() - r0;
        }
        print(out, baseline);
        print(out, full);
        out.printf("  %-30s %,.1f records per PutRecordBatch call (%,d calls)%n", "", (double) records / calls, calls);
        out.printf("  forwarding runs at %.0f%% of trim-only speed, %.1fx its CPU per post%n",
                100 * full.postsPerSecond() / baseline.postsPerSecond(), full.cpuPer100k() / baseline.cpuPer100k());
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve("dead-letter.ndjson"));
        Files.deleteIfExists(dir);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Run f) {
        out.printf("  %-30s %,10.0f posts/s  %6.2f CPU s per 100k posts  (%.2f s wall)%n",
                f.name(), f.postsPerSecond(), f.cpuPer100k(), f.seconds());
    }

    private static Run trimOnly(Path file) throws IOException {
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);
        long[] posts = {0};
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            new LineReader(16 << 20).read(in, (n, buf, len, truncated) -> {
                if (trimmer.trim(buf, 0, len).kind() == TrimResult.Kind.POST) {
                    posts[0]++;
                }
            });
        }
        return new Run("baseline: read + trim only", posts[0], (System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
    }

    private static void forward(Path file, Path dir) throws Exception {
        try (LoopbackFirehose stub = new LoopbackFirehose()) {
            forward(file, dir, stub);
        }
    }

    private static Run forward(Path file, Path dir, LoopbackFirehose stub) throws Exception {
        ForwarderMetrics metrics = new ForwarderMetrics();
        RecordQueue queue = new RecordQueue(20_000, metrics);
        DeadLetterFile dlq = new DeadLetterFile(dir.resolve("dead-letter.ndjson"));
        try (FirehoseClient client = AwsClients.firehose(stub.endpoint().toString(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))) {
            FirehoseDelivery delivery = new FirehoseDelivery(client, "bench", new RetryPolicy(3, Duration.ofMillis(10),
                    Duration.ofMillis(100)), Sleeper.SYSTEM, Math::random, dlq, metrics);
            Batcher batcher = new Batcher(queue, delivery, Duration.ofSeconds(1), SENDERS, dlq, metrics);
            LineForwarder lines = new LineForwarder(new Trimmer(InputFormat.AUTO), queue, metrics);
            Forwarder forwarder = new Forwarder(new ReplaySource(file, lines, 0, System::nanoTime, Sleeper.SYSTEM),
                    batcher, Duration.ofMinutes(5));
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            forwarder.start();
            forwarder.awaitSource();
            forwarder.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            if (metrics.forwarded.sum() != metrics.posts.sum()) {
                throw new IllegalStateException("forwarded " + metrics.forwarded.sum() + " of " + metrics.posts.sum()
                        + " posts: " + metrics.toJson(new ObjectMapper()));
            }
            return new Run("forwarder: trim + Firehose", metrics.forwarded.sum(), seconds, cpu);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Writes {@code posts} v2 filtered-stream lines by 1,000 authors with texts of varied length. */
    static long generate(Path file, int posts) throws IOException {
        Random random = new Random(42);
        String words = "$ATOM $UOS $ENJ $COTI $SAND staking rally chart breakout support volume wallet bridge";
        String[] w = words.split(" ");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < posts; i++) {
                long id = 1_900_000_000_000_000_000L + i;
                int author = random.nextInt(1000);
                StringBuilder text = new StringBuilder();
                for (int k = 0, n = 8 + random.nextInt(30); k < n; k++) {
                    text.append(k == 0 ? "" : " ").append(w[random.nextInt(w.length)]);
                }
                out.write("{\"data\":{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"author_id\":\"" + (10_000 + author)
                        + "\",\"created_at\":\"2026-03-01T12:00:" + String.format("%02d", i % 60) + ".000Z\","
                        + "\"edit_history_tweet_ids\":[\"" + id + "\"],\"public_metrics\":{\"retweet_count\":" + random.nextInt(50)
                        + ",\"reply_count\":" + random.nextInt(20) + ",\"like_count\":" + random.nextInt(500)
                        + ",\"quote_count\":" + random.nextInt(5) + ",\"bookmark_count\":0,\"impression_count\":" + random.nextInt(10_000)
                        + "}},\"includes\":{\"users\":[{\"id\":\"" + (10_000 + author) + "\",\"username\":\"user" + author
                        + "\",\"name\":\"User " + author + "\",\"verified\":" + (author % 7 == 0) + ",\"verified_type\":\""
                        + (author % 7 == 0 ? "blue" : "none") + "\",\"public_metrics\":{\"followers_count\":" + author * 13
                        + ",\"following_count\":" + author + ",\"tweet_count\":" + author * 31 + ",\"listed_count\":" + author % 11
                        + ",\"like_count\":" + author * 3 + "}}]},\"matching_rules\":[{\"id\":\"1\",\"tag\":\"twt\"}]}\n");
            }
        }
        return Files.size(file);
    }
}
