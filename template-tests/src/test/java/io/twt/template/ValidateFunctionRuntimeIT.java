package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.template.LambdaEnvironment.InitializationType;
import io.twt.template.LambdaEnvironment.RoleCredentials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Validate handler from functions/validate/target/function.jar, under the real Lambda runtime
 * client in a child JVM with Lambda's environment, validating the object of
 * events/s3-object-created.json in a loopback S3: under SnapStart (as the template deploys it) the
 * credentials come from the container endpoint, on demand from the access-key variables.
 */
class ValidateFunctionRuntimeIT {

    private static final Template TEMPLATE = Repository.template();
    private static final String FUNCTION = "ValidateFunction";
    private static final String EVENT = Repository.read("events/s3-object-created.json");
    private static final String BUCKET = "twt-sample-bucket";
    private static final String RELATIVE_KEY = "2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b.gz";
    private static final String REGION = "us-east-1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String VALID_1 = record("1896215732465139712");
    private static final String VALID_2 = record("1896215732465139713");
    private static final String NOT_JSON = "{\"id\": \"1896215732465139714\", ";

    /** The function laid out once; each test starts its own process of it. */
    @TempDir
    static Path layout;
    private static Path task;

    @TempDir
    Path work;

    @BeforeAll
    static void layOut() {
        task = FunctionProcess.layOut(TEMPLATE, FUNCTION, layout);
    }

    @Test
    void theTemplateDeploysValidateWithSnapStart() {
        assertThat(LambdaEnvironment.initializationType(TEMPLATE, FUNCTION)).isEqualTo(InitializationType.SNAP_START);
    }

    @Test
    void validateRunsWithSnapStartContainerCredentials() {
        RoleCredentials credentials = new RoleCredentials("ASIASNAPSTARTEXAMPLE", "snap-start-secret-access-key", "snap-start-session-token");
        try (S3StandIn s3 = new S3StandIn();
                FunctionProcess validate = start(s3, InitializationType.SNAP_START, credentials)) {
            RuntimeApiStandIn.Outcome outcome = validate.invoke(EVENT, WAIT);

            assertValidated(outcome, s3, validate);
            // Once: the chain keeps the credentials for the execution environment.
            assertThat(validate.credentialRequests()).as("requests to the container-credentials endpoint").singleElement()
                    .satisfies(request -> assertThat(request.header("Authorization")).as("%s carries AWS_CONTAINER_AUTHORIZATION_TOKEN", request)
                            .isEqualTo(validate.containerAuthorizationToken()));
            SigV4.assertSignedWith("S3", s3.requests(), credentials, "s3");
            assertThat(validate.log()).as("the function's log").doesNotContain(credentials.secretAccessKey(), credentials.sessionToken());
        }
    }

    @Test
    void validateRunsWithOnDemandEnvironmentCredentials() {
        RoleCredentials credentials = new RoleCredentials("ASIAONDEMANDEXAMPLE1", "on-demand-secret-access-key", "on-demand-session-token");
        try (S3StandIn s3 = new S3StandIn();
                FunctionProcess validate = start(s3, InitializationType.ON_DEMAND, credentials)) {
            RuntimeApiStandIn.Outcome outcome = validate.invoke(EVENT, WAIT);

            assertValidated(outcome, s3, validate);
            SigV4.assertSignedWith("S3", s3.requests(), credentials, "s3");
            assertThat(validate.log()).as("the function's log").doesNotContain(credentials.secretAccessKey(), credentials.sessionToken());
        }
    }

    private FunctionProcess start(S3StandIn s3, InitializationType type, RoleCredentials credentials) {
        s3.put(BUCKET, "raw/" + RELATIVE_KEY, gzip(VALID_1 + "\n" + NOT_JSON + "\n" + VALID_2 + "\n"));
        return FunctionProcess.start(TEMPLATE, FUNCTION, task, type, credentials, REGION, Map.of("S3_ENDPOINT_URL", s3.url()), work);
    }

    /** The invocation succeeded, and the valid lines went to validated/, the other to quarantine/. */
    private static void assertValidated(RuntimeApiStandIn.Outcome outcome, S3StandIn s3, FunctionProcess validate) {
        assertThat(outcome.kind()).as("outcome %s; the function's log:%n%s", outcome, validate.log())
                .isEqualTo(RuntimeApiStandIn.Outcome.Kind.RESPONSE);
        assertThat(outcome.body()).isEqualTo("\"1 of 1 records validated\"");
        byte[] validated = s3.get(BUCKET, "validated/" + RELATIVE_KEY);
        assertThat(validated).as("validated/%s", RELATIVE_KEY).isNotNull();
        assertThat(gunzip(validated)).isEqualTo(VALID_1 + "\n" + VALID_2 + "\n");
        byte[] quarantine = s3.get(BUCKET, "quarantine/" + RELATIVE_KEY + ".jsonl.gz");
        assertThat(quarantine).as("quarantine/%s.jsonl.gz", RELATIVE_KEY).isNotNull();
        assertThat(gunzip(quarantine)).startsWith("{\"line\":2,").endsWith("\n").hasLineCount(1);
    }

    private static String record(String id) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-03-01T12:00:09.000Z\",\"screenname\":\"spacedesk_jose\","
                + "\"username\":\"Space Desk \u00b7 Jos\u00e9\",\"user_favourites_count\":120554,\"user_followers_count\":48213,"
                + "\"user_friends_count\":912,\"user_listed_count\":733,\"user_statuses_count\":38871,\"verified\":true,"
                + "\"verified_type\":\"blue\",\"text\":\"Artemis II rollout \ud83d\ude80\",\"tweet_favorite_count\":789,"
                + "\"tweet_quote_count\":12,\"tweet_reply_count\":34,\"tweet_retweet_count\":56,\"user_id\":\"1349149096909668363\"}";
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
