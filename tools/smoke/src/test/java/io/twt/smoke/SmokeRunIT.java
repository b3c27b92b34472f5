package io.twt.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.functions.validate.S3StandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The smoke test against loopback stand-ins: s3proxy for S3, AwsStandIn for CloudFormation and Lambda, the real Validate service. */
class SmokeRunIT {

    private static final String STACK = "twt-smoke-test";
    private static final String BUCKET = "twt-data-0f8e6c10-0000-4000-8000-000000000000";
    private static final String REFRESH = "twt-smoke-test-RefreshFunction-1A2B3C";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final SmokeObject OBJECT = SmokeObject.at(Instant.parse("2026-03-01T12:00:00Z"), "a1b2c3d4");

    @TempDir
    Path temp;

    private S3StandIn s3;
    private AwsStandIn aws;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void standIns() throws Exception {
        s3 = S3StandIn.start();
        s3.createBucket(BUCKET);
        aws = new AwsStandIn();
        aws.stack(STACK, Map.of(SmokeRun.BUCKET_OUTPUT, BUCKET, SmokeRun.REFRESH_OUTPUT, REFRESH, "DeliveryStreamName", "twt-raw"));
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
        s3.close();
    }

    @Test
    void everyStagePassesOnAWorkingStackAndNothingOfTheSmokeTestIsLeftInTheBucket() throws Exception {
        int exit;
        try (ValidateOnNewObjects validate = new ValidateOnNewObjects(s3.client(), BUCKET, temp)) {
            exit = run(STACK, aws.endpoint(), aws.endpoint(), Duration.ofSeconds(20), false);
        }

        assertThat(lines()).containsExactly(
                "PASS stack: " + STACK + " (CREATE_COMPLETE): bucket " + BUCKET + ", Refresh " + REFRESH,
                "PASS upload: s3://" + BUCKET + "/raw/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz (3 valid records, 1 invalid)",
                lines().get(2), lines().get(3),
                "PASS refresh: " + REFRESH + ":live answered \"refresh: done\"",
                "PASS cleanup: deleted raw/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz, validated/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz,"
                        + " quarantine/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz.jsonl.gz",
                "smoke test passed");
        assertThat(lines().get(2)).startsWith("PASS validated: validated/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz holds the 3 valid records (after ");
        assertThat(lines().get(3)).startsWith("PASS quarantine: quarantine/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz.jsonl.gz holds the invalid record, reason invalid_id (after ");
        assertThat(exit).isZero();
        assertThat(s3.objects(BUCKET)).isEmpty();

        assertThat(aws.invocations()).hasSize(1);
        AwsStandIn.Invocation invocation = aws.invocations().get(0);
        assertThat(invocation.path()).isEqualTo("/2015-03-31/functions/" + REFRESH + "/invocations");
        assertThat(invocation.query()).isEqualTo("Qualifier=live");
        assertThat(invocation.payload()).contains("\"detail-type\":\"Scheduled Event\"", "\"id\":\"twt-smoke-");
    }

    @Test
    void whenValidateNeverWritesItsOutputsThoseStagesFailAfterTheWaitAndTheRestStillRuns() throws Exception {
        long started = System.nanoTime();
        int exit = run(STACK, aws.endpoint(), aws.endpoint(), Duration.ofSeconds(1), false);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(exit).isEqualTo(1);
        assertThat(lines()).contains(
                "FAIL validated: no validated/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz after 1 s: did the Validate function run?"
                        + " See its log group /aws/lambda/" + STACK + "-validate",
                "FAIL quarantine: no quarantine/smoke/20260301T120000Z/twt-smoke-a1b2c3d4.ndjson.gz.jsonl.gz after 1 s: did the Validate function run?"
                        + " See its log group /aws/lambda/" + STACK + "-validate",
                "PASS refresh: " + REFRESH + ":live answered \"refresh: done\"",
                "smoke test FAILED: validated, quarantine (2 of 6 stages)");
        assertThat(lines()).anyMatch(line -> line.startsWith("PASS cleanup: deleted raw/smoke/"));
        assertThat(s3.objects(BUCKET)).isEmpty();
    }

    @Test
    void aRefreshThatReturnsAFunctionErrorFailsTheRefreshStageWithTheError() throws Exception {
        aws.answerInvocationsWith(new AwsStandIn.Answer(
                "{\"errorMessage\":\"refresh failed: MERGE INTO twt_user timed out\",\"errorType\":\"io.twt.functions.refresh.RefreshFailedException\"}",
                "Unhandled"));
        int exit;
        try (ValidateOnNewObjects validate = new ValidateOnNewObjects(s3.client(), BUCKET, temp)) {
            exit = run(STACK, aws.endpoint(), aws.endpoint(), Duration.ofSeconds(20), false);
        }

        assertThat(exit).isEqualTo(1);
        assertThat(lines()).contains("FAIL refresh: " + REFRESH + ":live failed (Unhandled): {\"errorMessage\":\"refresh failed: MERGE INTO twt_user"
                + " timed out\",\"errorType\":\"io.twt.functions.refresh.RefreshFailedException\"}", "smoke test FAILED: refresh (1 of 6 stages)");
        assertThat(lines()).filteredOn(line -> line.startsWith("PASS ")).hasSize(5);
    }

    @Test
    void aStackThatDoesNotExistFailsTheFirstStageByNameAndTouchesNothing() throws Exception {
        int exit = run("twt-nope", aws.endpoint(), aws.endpoint(), Duration.ofSeconds(1), false);

        assertThat(exit).isEqualTo(1);
        assertThat(lines()).containsExactly(
                "FAIL stack: stack twt-nope does not exist (in this account and region)",
                "SKIP upload: an earlier stage failed",
                "SKIP validated: an earlier stage failed",
                "SKIP quarantine: an earlier stage failed",
                "SKIP refresh: an earlier stage failed",
                "SKIP cleanup: an earlier stage failed",
                "smoke test FAILED: stack (1 of 6 stages)");
        assertThat(s3.objects(BUCKET)).isEmpty();
        assertThat(aws.invocations()).isEmpty();
    }

    @Test
    void aCloudFormationThatAcceptsAndNeverAnswersFailsTheStackStageWithinTheCallTimeout() throws Exception {
        try (SilentStandIn silent = new SilentStandIn()) {
            long started = System.nanoTime();
            int exit = run(STACK, silent.endpoint(), aws.endpoint(), Duration.ofSeconds(1), false);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            assertThat(exit).isEqualTo(1);
            assertThat(lines().get(0)).startsWith("FAIL stack: no answer from CloudFormation: ");
            assertThat(lines()).last().isEqualTo("smoke test FAILED: stack (1 of 6 stages)");
        }
    }

    @Test
    void aRefreshThatAcceptsAndNeverAnswersFailsTheRefreshStageWithinTheInvokeTimeout() throws Exception {
        try (SilentStandIn silent = new SilentStandIn();
                ValidateOnNewObjects validate = new ValidateOnNewObjects(s3.client(), BUCKET, temp)) {
            long started = System.nanoTime();
            int exit = run(STACK, aws.endpoint(), silent.endpoint(), Duration.ofSeconds(20), false);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
            assertThat(exit).isEqualTo(1);
            assertThat(lines()).anyMatch(line -> line.startsWith("FAIL refresh: no answer from Lambda for " + REFRESH + ":live: "));
            assertThat(lines()).last().isEqualTo("smoke test FAILED: refresh (1 of 6 stages)");
        }
    }

    @Test
    void withKeepTheSmokeObjectsStayForAnEndToEndLookAndTheRunStillPasses() throws Exception {
        int exit;
        try (ValidateOnNewObjects validate = new ValidateOnNewObjects(s3.client(), BUCKET, temp)) {
            exit = run(STACK, aws.endpoint(), aws.endpoint(), Duration.ofSeconds(20), true);
        }

        assertThat(exit).isZero();
        assertThat(lines()).contains("SKIP cleanup: --keep: left s3://" + BUCKET + "/" + OBJECT.rawKey() + " and its outputs");
        assertThat(s3.objects(BUCKET).keySet()).containsExactlyInAnyOrder(OBJECT.rawKey(), OBJECT.validatedKey(), OBJECT.quarantineKey());
    }

    /** The smoke test with its production clients, pointed at the stand-ins. */
    private int run(String stack, URI cloudFormation, URI lambda, Duration wait, boolean keep) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(S3StandIn.ACCESS_KEY, S3StandIn.SECRET_KEY));
        try (SmokeClients clients = SmokeClients.create(Region.of(S3StandIn.REGION), credentials,
                new SmokeClients.Endpoints(cloudFormation, s3.endpoint(), lambda), CALL_TIMEOUT, CALL_TIMEOUT);
                PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            return new SmokeRun(clients, new SmokeRun.Options(wait, Duration.ofMillis(50), keep), out).run(stack, OBJECT);
        }
    }

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
