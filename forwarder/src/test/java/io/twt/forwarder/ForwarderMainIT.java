package io.twt.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.forwarder.config.ForwarderConfig;
import io.twt.forwarder.delivery.FirehoseStandIn;
import io.twt.forwarder.delivery.FirehoseFixture;
import io.twt.forwarder.delivery.SilentFirehoseStandIn;
import io.twt.stream.StderrCapture;
import io.twt.stream.x.XStandIn;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderMainIT {

    private static final Path SAMPLE = Path.of("../events/sample-stream.ndjson").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Properties replayOf(FirehoseFixture firehose) {
        Properties p = new Properties();
        p.setProperty("source", "file");
        p.setProperty("file", SAMPLE.toString());
        p.setProperty("firehose.endpoint", firehose.server.baseUrl());
        p.setProperty("firehose.stream", "twt-test");
        p.setProperty("aws.region", "us-east-1");
        p.setProperty("dlq.path", dir.resolve("dlq.ndjson").toString());
        return p;
    }

    /** The sample repeats some posts word for word, so count records sent, not distinct ones. */
    private static long recordsSent(FirehoseFixture firehose) {
        return firehose.fake.requests.stream().mapToLong(List::size).sum();
    }

    @Test
    void withUploadsOnAThirdOfTheShutdownDeadlineAtMostTenSecondsIsKeptForTheLastUpload() {
        assertThat(ForwarderMain.drainBudget(Duration.ofSeconds(30), false)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ForwarderMain.drainBudget(Duration.ofSeconds(30), true)).isEqualTo(Duration.ofSeconds(20));
        assertThat(ForwarderMain.drainBudget(Duration.ofSeconds(3), true)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ForwarderMain.drainBudget(Duration.ofSeconds(60), true)).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aReplayedFileIsForwardedWholeAndTheProcessEnds() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(0.0, false))) {
            int exit = ForwarderMain.run(ForwarderConfig.load(replayOf(firehose), Map.of()));

            assertThat(exit).isZero();
            assertThat(recordsSent(firehose)).as("the sample's posts and its compliance notices").isEqualTo(338 + 7);
            assertThat(dir.resolve("dlq.ndjson")).doesNotExist();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aTokenXRefusesEndsTheRunAtOnceWithExitCode2AndTheReasonButNotTheToken() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        try (FirehoseFixture aws = new FirehoseFixture(new FirehoseStandIn(0.0, false));
                XStandIn x = new XStandIn();
                StderrCapture log = new StderrCapture()) {
            String secret = new ObjectMapper().createObjectNode().put("Name", "twt/x")
                    .put("SecretString", "{\"bearer_token\":\"AAAA-s3cr3t-bearer\"}").toString();
            aws.server.stubFor(post("/").withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(secret)));
            x.thenRules(XStandIn.answer(403, null, null, "{\"title\":\"Client Forbidden\",\"reason\":\"client-not-enrolled\"}"));
            Properties p = replayOf(aws);
            p.setProperty("source", "stream");
            p.setProperty("stream.base-url", x.baseUrl().toString());
            p.setProperty("secrets.endpoint", aws.server.baseUrl());

            int exit = ForwarderMain.run(ForwarderConfig.load(p, Map.of()));

            assertThat(exit).isEqualTo(ForwarderMain.EXIT_REFUSED);
            assertThat(log.text()).contains("cannot forward the stream: X answered HTTP 403 to read the stream rules: "
                    + "the bearer token lacks access to the filtered stream").contains("Client Forbidden")
                    .doesNotContain("s3cr3t");
            assertThat(x.rulesRequests).hasSize(1);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void atItsDailyCapTheStreamIsClosedAndTheMetricsLineShowsThePostsReadAndTheirEstimatedCost() throws Exception {
        try (FirehoseFixture aws = new FirehoseFixture(new FirehoseStandIn(0.0, false)); XStandIn x = new XStandIn()) {
            String secret = new ObjectMapper().createObjectNode().put("Name", "twt/x")
                    .put("SecretString", "{\"bearer_token\":\"AAAA-s3cr3t-bearer\"}").toString();
            aws.server.stubFor(post("/").withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(secret)));
            x.thenUsage(XStandIn.answer(200, null, null, "{\"data\":{\"project_cap\":\"2000000\",\"project_usage\":\"40\"}}"));
            CountDownLatch gone = new CountDownLatch(1);
            String post = Files.readAllLines(SAMPLE).get(1);
            x.then(XStandIn.streamUntilGone(gone, post + "\r\n", post + "\r\n"));
            Properties p = replayOf(aws);
            p.setProperty("source", "stream");
            p.setProperty("stream.base-url", x.baseUrl().toString());
            p.setProperty("secrets.endpoint", aws.server.baseUrl());
            p.setProperty("x.daily-post-cap", "2");
            Path log = dir.resolve("log.txt");
            Process process = startForwarder(p, log);

            assertThat(gone.await(30, TimeUnit.SECONDS)).as("X sees the stream connection closed").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(log).contains("disconnected from X until") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            String text = Files.readString(log);
            assertThat(text).contains("X post budget: the daily cap is reached (2 of the daily cap of 2 posts read on")
                    .contains("disconnected from X until").doesNotContain("s3cr3t");
            String metricsLine = text.lines().filter(l -> l.contains("twt.metrics")).reduce((a, b) -> b).orElseThrow();
            JsonNode emf = new ObjectMapper().readTree(metricsLine);
            assertThat(emf.path("x_posts_today").asLong()).isEqualTo(2);
            assertThat(emf.path("x_posts_month").asLong()).as("seeded with X's 40, then 2 more").isEqualTo(42);
            assertThat(emf.path("x_spend_usd_month").asDouble()).isEqualTo(0.21);
            assertThat(emf.path("x_cap_reached").asInt()).isEqualTo(1);
            assertThat(emf.path("totals").path("x_spend_usd_today").asDouble()).isEqualTo(0.01);
            assertThat(emf.path("totals").path("forwarded").asLong()).isEqualTo(2);
            assertThat(x.streamRequests).hasSize(1);
            assertThat(Files.readString(dir.resolve("x-post-budget.json"))).contains("\"day_posts\":2", "\"month_posts\":42");
        }
    }

    @Test
    void sigtermStopsReadingAndDeliversEverythingReadBeforeExiting() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(0.0, false))) {
            Properties p = replayOf(firehose);
            p.setProperty("file.rate", "100");
            p.setProperty("flush.interval", "1h");
            Path log = dir.resolve("log.txt");
            Process process = startForwarder(p, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("replaying") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // about 100 posts read at 100 posts/s, none flushed yet

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String metricsLine = lines.stream().filter(l -> l.contains("twt.metrics")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no metrics line in:\n" + String.join("\n", lines)));
            JsonNode metrics = new ObjectMapper().readTree(metricsLine.substring(metricsLine.indexOf('{')));
            long posts = metrics.path("posts").asLong();
            assertThat(posts).isBetween(1L, 337L);
            long records = posts + metrics.path("notices").asLong();
            assertThat(metrics.path("forwarded").asLong()).isEqualTo(records);
            assertThat(metrics.path("queue_depth").asInt()).isZero();
            assertThat(recordsSent(firehose)).isEqualTo(records);
            assertThat(firehose.fake.requests).hasSize(1); // the flush interval never passed: only shutdown flushed
            assertThat(new File(dir.resolve("dlq.ndjson").toString())).doesNotExist();
        }
    }
    /**
     * The fault the issue found, in a real process: a Firehose that accepts connections and never
     * answers, a queue filled by a fast replay, then SIGTERM. The process ends within its deadline
     * (plus the JVM's own exit), and every record it read is in the dead-letter file.
     */
    @Test
    void sigtermWithAStuckFirehoseAndAFullQueueEndsWithinTheDeadlineAndDeadLettersEveryPost() throws Exception {
        try (SilentFirehoseStandIn stuck = new SilentFirehoseStandIn()) {
            Properties p = new Properties();
            p.setProperty("source", "file");
            p.setProperty("file", Path.of("../events/sample-stream.ndjson").toAbsolutePath().toString());
            p.setProperty("file.rate", "200");
            p.setProperty("firehose.endpoint", stuck.endpoint());
            p.setProperty("firehose.stream", "twt-test");
            p.setProperty("firehose.senders", "1");
            p.setProperty("flush.interval", "50ms");
            p.setProperty("queue.capacity", "10");
            p.setProperty("aws.region", "us-east-1");
            p.setProperty("shutdown.deadline", "3s");
            p.setProperty("dlq.path", dir.resolve("dlq.ndjson").toString());
            Path log = dir.resolve("log.txt");
            Process process = startForwarder(p, log);
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log).contains("queue full (") && System.nanoTime() < wait) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).as("the replay filled the queue behind the stuck call").contains("queue full (");

            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String metricsLine = lines.stream().filter(l -> l.contains("twt.metrics")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no metrics line in:\n" + String.join("\n", lines)));
            JsonNode totals = new ObjectMapper().readTree(metricsLine.substring(metricsLine.indexOf('{'))).path("totals");
            long received = totals.path("received").asLong();
            long posts = totals.path("posts").asLong();
            assertThat(received).isPositive()
                    .isEqualTo(posts + totals.path("control").asLong() + totals.path("keepalive").asLong() + totals.path("rejected").asLong());
            assertThat(totals.path("forwarded").asLong()).isZero();
            assertThat(totals.path("dead_lettered").asLong()).isEqualTo(posts);
            assertThat(Files.readAllLines(dir.resolve("dlq.ndjson"))).hasSize((int) posts);
            // 3 s of deadline; the JVM's start of its shutdown and its exit come on top.
            assertThat(exitMillis).isLessThan(4_500);
            System.out.printf("SIGTERM with a stuck Firehose: exit %d ms after the signal (deadline 3000 ms); received %d, posts %d,"
                    + " forwarded 0, dead-lettered %d%n", exitMillis, received, posts, totals.path("dead_lettered").asLong());
        }
    }

    /** The forwarder in a child JVM with this configuration, its output in {@code log}. */
    private Process startForwarder(Properties configuration, Path log) throws IOException {
        Path config = dir.resolve("forwarder.properties");
        try (var out = Files.newBufferedWriter(config)) {
            configuration.store(out, null);
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ForwarderMain.class.getName(), "--config", config.toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test-secret");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }
}
