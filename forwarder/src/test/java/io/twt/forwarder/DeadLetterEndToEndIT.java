package io.twt.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import io.twt.core.validate.RecordValidator;
import io.twt.forwarder.config.ForwarderConfig;
import io.twt.forwarder.delivery.FirehoseStandIn;
import io.twt.forwarder.delivery.FirehoseFixture;
import io.twt.forwarder.delivery.SilentFirehoseStandIn;
import io.twt.forwarder.delivery.S3StandIn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a Firehose that refuses every record and a real SDK S3 client on s3proxy:
 * what Firehose refused ends up under raw/dead-letter/, where the Validate function picks it up.
 */
@Timeout(120)
class DeadLetterEndToEndIT {

    private static final Path SAMPLE = Path.of("../events/sample-stream.ndjson").toAbsolutePath().normalize();
    private static final String BUCKET = "twt-data-test";
    /** The sample's 338 posts and 7 compliance notices. */
    private static final int SAMPLE_RECORDS = 338 + 7;

    @TempDir
    Path dir;

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", S3StandIn.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3StandIn.SECRET_KEY);
    }

    @AfterEach
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private Properties replay(Path file, FirehoseFixture firehose, String s3Endpoint) {
        Properties p = new Properties();
        p.setProperty("source", "file");
        p.setProperty("file", file.toString());
        if (firehose != null) {
            p.setProperty("firehose.endpoint", firehose.server.baseUrl());
        }
        p.setProperty("firehose.stream", "twt-test");
        p.setProperty("aws.region", "us-east-1");
        p.setProperty("retry.max-retries", "0");
        p.setProperty("shutdown.deadline", "10s");
        p.setProperty("dlq.path", dir.resolve("dlq/dead-letter.ndjson").toString());
        p.setProperty("deadletter.bucket", BUCKET);
        p.setProperty("deadletter.instance", "i-0123456789abcdef0");
        p.setProperty("s3.endpoint", s3Endpoint);
        return p;
    }

    private static List<String> refused(FirehoseFixture firehose) {
        return firehose.fake.requests.stream().flatMap(List::stream).map(r -> r.substring(0, r.length() - 1)).sorted().toList();
    }

    private List<Path> localDeadLetters() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("dlq"))) {
            return files.toList();
        }
    }

    private static ObjectReport validate(String ndjson) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        return new ObjectValidator().validate(new ByteArrayInputStream(gz.toByteArray()), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
    }

    /**
     * Checks each object's key and runs the Validate function's rules over it: every line is read,
     * and the objects together quarantine exactly what the same records would in a Firehose object
     * (the sample holds 5 records that the trimmer passes and validation quarantines on purpose).
     * Returns every uploaded line, sorted.
     */
    private static List<String> uploadedLines(S3StandIn s3, List<String> refused) throws IOException {
        List<String> lines = new ArrayList<>();
        long valid = 0;
        for (Map.Entry<String, String> object : s3.gunzippedObjects(BUCKET).entrySet()) {
            assertThat(object.getKey()).matches("raw/dead-letter/\\d{4}/\\d{2}/\\d{2}/\\d{2}/i-0123456789abcdef0-\\d{13}-\\d{6}\\.gz");
            List<String> objectLines = Arrays.asList(object.getValue().split("\n"));
            ObjectReport report = validate(object.getValue());
            assertThat(report.unreadable()).isNull();
            assertThat(report.lines()).isEqualTo(objectLines.size());
            valid += report.valid();
            lines.addAll(objectLines);
        }
        ObjectReport firehosePath = validate(String.join("\n", refused) + "\n");
        assertThat(firehosePath.valid()).isEqualTo(SAMPLE_RECORDS - 5);
        assertThat(valid).isEqualTo(firehosePath.valid());
        RecordValidator rules = new RecordValidator();
        assertThat(lines.stream().filter(line -> rules.check(line) == null).count()).isEqualTo(valid);
        return lines.stream().sorted().toList();
    }

    @Test
    void everyRecordFirehoseRefusesIsUploadedAsValidGzipNdjsonUnderRawDeadLetterAndNothingStaysOnDisk() throws Exception {
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(1.0, false)); S3StandIn s3 = new S3StandIn()) {
            s3.createBucket(BUCKET);

            int exit = ForwarderMain.run(ForwarderConfig.load(replay(SAMPLE, firehose, s3.endpoint()), Map.of()));

            assertThat(exit).isZero();
            assertThat(firehose.fake.accepted).isEmpty();
            List<String> refused = refused(firehose);
            assertThat(refused).hasSize(SAMPLE_RECORDS);
            assertThat(uploadedLines(s3, refused)).isEqualTo(refused);
            assertThat(localDeadLetters()).isEmpty();
        }
    }

    /**
     * The case dead letters are for: Firehose accepts connections and never answers. The drain gets
     * two thirds of the deadline, the last upload the rest, so what Firehose never took is in the
     * bucket, not only on a volume the instance's end deletes, when the process ends.
     */
    @Test
    void whatAStuckFirehoseNeverTookIsInTheBucketWithinTheShutdownDeadline() throws Exception {
        try (SilentFirehoseStandIn stuck = new SilentFirehoseStandIn(); S3StandIn s3 = new S3StandIn()) {
            s3.createBucket(BUCKET);
            Properties config = replay(SAMPLE, null, s3.endpoint());
            config.setProperty("firehose.endpoint", stuck.endpoint());
            config.setProperty("shutdown.deadline", "3s");

            long start = System.nanoTime();
            ForwarderMain.run(ForwarderConfig.load(config, Map.of()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stuck.connections()).as("the forwarder's calls reached the stuck Firehose").isPositive();
            List<String> uploaded = new ArrayList<>();
            for (String object : s3.gunzippedObjects(BUCKET).values()) {
                uploaded.addAll(Arrays.asList(object.split("\n")));
            }
            // Each of the 345 records once (the sample itself re-delivers some posts: equal lines are expected).
            assertThat(uploaded).hasSize(SAMPLE_RECORDS);
            assertThat(localDeadLetters()).isEmpty();
            System.out.printf("stuck Firehose: %d of %d records in the bucket, run %d ms (replay and shutdown; deadline 3000 ms)%n",
                    uploaded.size(), SAMPLE_RECORDS, took.toMillis());
        }
    }

    @Test
    void deadLettersAnUnreachableS3CouldNotTakeStayOnDiskAndTheNextStartUploadsThem() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path empty = Files.createFile(dir.resolve("empty.ndjson"));
        try (FirehoseFixture firehose = new FirehoseFixture(new FirehoseStandIn(1.0, false)); S3StandIn s3 = new S3StandIn()) {
            s3.createBucket(BUCKET);

            ForwarderMain.run(ForwarderConfig.load(replay(SAMPLE, firehose, "http://127.0.0.1:" + closedPort), Map.of()));

            List<String> refused = refused(firehose);
            assertThat(refused).hasSize(SAMPLE_RECORDS);
            List<String> onDisk = new ArrayList<>();
            for (Path segment : localDeadLetters()) {
                onDisk.addAll(Arrays.asList(Files.readString(segment).split("\n")));
            }
            assertThat(onDisk.stream().sorted().toList()).isEqualTo(refused);

            ForwarderMain.run(ForwarderConfig.load(replay(empty, firehose, s3.endpoint()), Map.of()));

            assertThat(uploadedLines(s3, refused)).isEqualTo(refused);
            assertThat(localDeadLetters()).isEmpty();
        }
    }
}
