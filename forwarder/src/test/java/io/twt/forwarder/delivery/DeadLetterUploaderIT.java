package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.forwarder.AwsClients;
import io.twt.stream.StderrCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

@Timeout(60)
class DeadLetterUploaderIT {

    private static final String PREFIX = "raw/dead-letter/";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T14:05:09Z"), ZoneOffset.UTC);
    private static final String HOUR = PREFIX + "2026/12/02/14/";
    private static S3StandIn s3;
    private static int buckets;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3StandIn();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static String newBucket() {
        String bucket = "data-" + ++buckets;
        s3.createBucket(bucket);
        return bucket;
    }

    private DeadLetterFile file() {
        return new DeadLetterFile(dir.resolve("dlq.ndjson"));
    }

    private static DeadLetterUploader uploader(DeadLetterFile file, S3Client client, String bucket, String instance) {
        return new DeadLetterUploader(file, client, bucket, PREFIX, instance, CLOCK);
    }

    private static List<byte[]> records(String... lines) {
        return Stream.of(lines).map(l -> (l + "\n").getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static S3Client clientFor(int port) {
        return AwsClients.s3("http://127.0.0.1:" + port, "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(S3StandIn.ACCESS_KEY, S3StandIn.SECRET_KEY)));
    }

    private List<Path> localFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void eachUploadIsAGzipObjectUnderTheUploadHourNamedByInstanceAndAnIncreasingSequenceAndTheLocalSegmentGoes() throws Exception {
        String bucket = newBucket();
        DeadLetterFile file = file();
        DeadLetterUploader uploader = uploader(file, s3.client, bucket, "i-0abc");
        String seq = String.format("%013d", CLOCK.millis());

        file.append(records("{\"id\":\"1\"}", "{\"id\":\"2\"}"), "test");
        assertThat(uploader.uploadPending(Duration.ofSeconds(10))).isEqualTo(new DeadLetterUploader.Result(1, 0));
        file.append(records("{\"id\":\"3\"}"), "test");
        assertThat(uploader.uploadPending(Duration.ofSeconds(10))).isEqualTo(new DeadLetterUploader.Result(1, 0));
        assertThat(uploader.uploadPending(Duration.ofSeconds(10))).as("nothing new, nothing sent").isEqualTo(new DeadLetterUploader.Result(0, 0));

        assertThat(s3.gunzippedObjects(bucket)).containsExactly(
                Map.entry(HOUR + "i-0abc-" + seq + "-000001.gz", "{\"id\":\"1\"}\n{\"id\":\"2\"}\n"),
                Map.entry(HOUR + "i-0abc-" + seq + "-000002.gz", "{\"id\":\"3\"}\n"));
        assertThat(localFiles()).isEmpty();
    }

    @Test
    void aRefusedUploadKeepsTheSegmentAndTheNextRunUploadsItWithWhatCameSince() throws Exception {
        String bucket = "data-not-yet";
        DeadLetterFile file = file();
        DeadLetterUploader uploader = uploader(file, s3.client, bucket, "host");

        file.append(records("{\"id\":\"1\"}"), "test");
        try (StderrCapture log = new StderrCapture()) {
            assertThat(uploader.uploadPending(Duration.ofSeconds(10))).as("NoSuchBucket").isEqualTo(new DeadLetterUploader.Result(0, 1));
            assertThat(log.text()).contains("1 dead-letter segment(s) stay in ");
        }
        assertThat(file.closedSegments()).singleElement()
                .satisfies(segment -> assertThat(Files.readString(segment)).isEqualTo("{\"id\":\"1\"}\n"));

        file.append(records("{\"id\":\"2\"}"), "test");
        s3.createBucket(bucket);
        try (StderrCapture log = new StderrCapture()) {
            assertThat(uploader.uploadPending(Duration.ofSeconds(10))).isEqualTo(new DeadLetterUploader.Result(2, 0));
            assertThat(log.text()).doesNotContain("stay in");
        }

        assertThat(s3.gunzippedObjects(bucket).values()).containsExactly("{\"id\":\"1\"}\n", "{\"id\":\"2\"}\n");
        assertThat(localFiles()).isEmpty();
    }

    @Test
    void atStartLeftoversOfAPreviousProcessAreUploadedAndALeftoverClosedSegmentKeepsItsName() throws Exception {
        String bucket = newBucket();
        Files.writeString(dir.resolve("dlq.ndjson"), "{\"id\":\"current\"}\n");
        Files.writeString(dir.resolve("dlq.ndjson.old-host-0000000000001-000007.closed"), "{\"id\":\"closed\"}\n");
        Files.writeString(dir.resolve("other.ndjson"), "not a segment\n");
        DeadLetterUploader uploader = uploader(file(), s3.client, bucket, "new-host");

        uploader.start(Duration.ofHours(1));
        while (s3.gunzippedObjects(bucket).size() < 2) {
            Thread.sleep(20);
        }
        uploader.stop(Duration.ofSeconds(5));

        assertThat(s3.gunzippedObjects(bucket)).containsOnly(
                Map.entry(HOUR + "new-host-" + String.format("%013d", CLOCK.millis()) + "-000001.gz", "{\"id\":\"current\"}\n"),
                Map.entry(HOUR + "old-host-0000000000001-000007.gz", "{\"id\":\"closed\"}\n"));
        assertThat(localFiles()).containsExactly(dir.resolve("other.ndjson"));
    }

    @Test
    void whenS3RefusesConnectionsTheRecordsStayOnDiskWithinTheBudgetAndTheNextStartUploadsThem() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DeadLetterFile file = file();
        file.append(records("{\"id\":\"1\"}", "{\"id\":\"2\"}"), "test");
        try (S3Client unreachable = clientFor(closedPort)) {
            long start = System.nanoTime();
            DeadLetterUploader.Result result = uploader(file, unreachable, "data", "host").stop(Duration.ofSeconds(3));
            assertThat(result).isEqualTo(new DeadLetterUploader.Result(0, 1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
        assertThat(String.join("", Files.readAllLines(file.closedSegments().get(0)))).isEqualTo("{\"id\":\"1\"}{\"id\":\"2\"}");

        String bucket = newBucket();
        assertThat(uploader(file, s3.client, bucket, "host").uploadPending(Duration.ofSeconds(10))).isEqualTo(new DeadLetterUploader.Result(1, 0));
        assertThat(s3.gunzippedObjects(bucket).values()).containsExactly("{\"id\":\"1\"}\n{\"id\":\"2\"}\n");
        assertThat(localFiles()).isEmpty();
    }

    /** A periodic upload stuck on S3 holds the lock: another upload gives up within its budget and says what is left. */
    @Test
    void whileAStuckUploadHoldsTheLockAnotherReturnsWithinItsBudgetCountingTheSegmentsLeftAndTheUploaderIsADaemon() throws Exception {
        DeadLetterFile file = file();
        file.append(records("{\"id\":\"1\"}"), "test");
        try (HangingS3 hanging = new HangingS3(); S3Client client = clientFor(hanging.port())) {
            DeadLetterUploader uploader = uploader(file, client, "data", "host");
            uploader.start(Duration.ofHours(1));
            assertThat(hanging.connected.await(10, TimeUnit.SECONDS)).as("the periodic upload reached S3").isTrue();
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("twt-dead-letter-upload"))
                    .isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).as("never keeps the JVM from exiting").isTrue());
            file.append(records("{\"id\":\"2\"}"), "test");

            long start = System.nanoTime();
            DeadLetterUploader.Result result = uploader.uploadPending(Duration.ofMillis(300));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            // The stuck one's closed segment and the current one, both still on disk.
            assertThat(result).isEqualTo(new DeadLetterUploader.Result(0, 2));
            hanging.close();
            uploader.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void whenS3HangsTheShutdownUploadReturnsWithinItsBudgetEvenWithAPeriodicUploadInFlightAndTheNextStartUploads() throws Exception {
        DeadLetterFile file = file();
        file.append(records("{\"id\":\"1\"}"), "test");
        try (HangingS3 hanging = new HangingS3(); S3Client client = clientFor(hanging.port())) {
            DeadLetterUploader uploader = uploader(file, client, "data", "host");
            uploader.start(Duration.ofHours(1));
            assertThat(hanging.connected.await(10, TimeUnit.SECONDS)).as("the periodic upload reached S3").isTrue();
            file.append(records("{\"id\":\"2\"}"), "test");

            long start = System.nanoTime();
            DeadLetterUploader.Result result = uploader.stop(Duration.ofSeconds(1));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(result.uploaded()).isZero();
            hanging.close();
        }
        String bucket = newBucket();
        DeadLetterUploader next = uploader(file, s3.client, bucket, "host");
        assertThat(next.uploadPending(Duration.ofSeconds(10)).left()).isZero();
        assertThat(String.join("", s3.gunzippedObjects(bucket).values())).contains("{\"id\":\"1\"}\n", "{\"id\":\"2\"}\n");
        assertThat(localFiles()).isEmpty();
    }

    /** An S3 endpoint on loopback that accepts connections and never answers; closing it ends the calls stuck on it. */
    private static final class HangingS3 implements AutoCloseable {

        final CountDownLatch connected = new CountDownLatch(1);
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        HangingS3() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                        connected.countDown();
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
