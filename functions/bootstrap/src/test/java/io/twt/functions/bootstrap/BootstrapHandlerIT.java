package io.twt.functions.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.twt.core.sql.ConnectionSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The custom-resource protocol end to end: the real handler and Powertools' real HTTP client PUT
 * the answer to a WireMock stand-in for CloudFormation's pre-signed S3 URL; the events are the
 * repository's events/cfn-*.json.
 */
class BootstrapHandlerIT {

    static final String RESPONSE_PATH = "/arn%3Aaws%3Acloudformation.*";
    static final String STABLE_ID = "twt-snowflake-TWT_S3_INTEGRATION";
    static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(60);
    /** Stack B's names, as the template derives them from its stack id. */
    static final String STACK_B_UUID = "0b5e8f2a-7c1d-11f1-8a2b-0e1f2a3b4c5d";
    static final String BUCKET_B = "twt-data-" + STACK_B_UUID;
    static final String INTEGRATION_B = "TWT_S3_0B5E8F2A_7C1D_11F1_8A2B_0E1F2A3B4C5D";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer cloudFormation;
    private Connection duckdb;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final CountDownLatch releaseHangingSnowflake = new CountDownLatch(1);

    @BeforeEach
    void start() throws SQLException {
        cloudFormation = new WireMockServer(wireMockConfig().dynamicPort());
        cloudFormation.start();
        cloudFormation.stubFor(put(urlPathMatching(RESPONSE_PATH)).willReturn(aResponse().withStatus(200)));
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        DuckDbBootstrapSql.createCatalog(duckdb);
    }

    @AfterEach
    void stop() throws SQLException {
        releaseHangingSnowflake.countDown();
        cloudFormation.stop();
        duckdb.close();
    }

    @Test
    void createAnswersSuccessWithTheStableIdAndTheDataTheAwsSideNeeds() throws Exception {
        CloudFormationCustomResourceEvent create = event("cfn-create.json");

        handler(() -> duckdb).handleRequest(create, context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(STABLE_ID);
        assertThat(answer.get("StackId").asText()).isEqualTo(create.getStackId());
        assertThat(answer.get("RequestId").asText()).isEqualTo(create.getRequestId());
        assertThat(answer.get("LogicalResourceId").asText()).isEqualTo("SnowflakeObjects");
        JsonNode data = answer.get("Data");
        assertThat(fieldNames(data)).containsExactly(
                "StorageAwsIamUserArn", "StorageAwsExternalId", "PipeNotificationChannel", "SchemaVersion");
        assertThat(data.get("StorageAwsIamUserArn").asText()).isEqualTo(DuckDbBootstrapSql.iamUser("TWT_S3_INTEGRATION"));
        assertThat(data.get("StorageAwsExternalId").asText()).isEqualTo(BootstrapServiceTest.EXTERNAL_ID);
        assertThat(data.get("PipeNotificationChannel").asText()).isEqualTo(DuckDbBootstrapSql.notificationChannel("us-east-1"));
        assertThat(data.get("SchemaVersion").asText()).isEqualTo(String.valueOf(DuckDbBootstrapSql.LATEST));
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS"))
                .isEqualTo("s3://twt-data-123456789012-us-east-1/validated/");

        JsonNode line = onlyLogLine();
        assertThat(line.get("requestType").asText()).isEqualTo("Create");
        assertThat(line.get("physicalResourceId").asText()).isEqualTo(STABLE_ID);
        assertThat(line.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(line.get("appliedMigrations").toString())
                .isEqualTo(IntStream.rangeClosed(1, DuckDbBootstrapSql.LATEST).boxed().toList().toString().replace(" ", ""));
        assertThat(line.get("durationMs").isNumber()).isTrue();
    }

    @Test
    void aRepeatedCreateAppliesNothingAndAnswersTheSameId() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());

        handler.handleRequest(event("cfn-create.json"), context());

        List<JsonNode> answers = answers();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answers.get(1).get("PhysicalResourceId").asText()).isEqualTo(STABLE_ID);
        assertThat(logLines().get(1).get("appliedMigrations").toString()).isEqualTo("[]");
    }

    @Test
    void updateKeepsThePhysicalIdAndFollowsANewBucket() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());
        CloudFormationCustomResourceEvent update = event("cfn-update.json");
        update.getResourceProperties().put("BucketName", "twt-data-moved");

        handler.handleRequest(update, context());

        JsonNode answer = answers().get(1);
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(update.getPhysicalResourceId());
        assertThat(answer.get("RequestId").asText()).isEqualTo(update.getRequestId());
        assertThat(answer.get("Data").get("SchemaVersion").asText()).isEqualTo(String.valueOf(DuckDbBootstrapSql.LATEST));
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS")).isEqualTo("s3://twt-data-moved/validated/");
        assertThat(logLines().get(1).get("reconciled").toString()).isEqualTo("[\"integration\",\"stage\",\"pipe\"]");
    }

    @Test
    void aCreateMakesTheRefreshTaskAnUpdateToWarehouseModeDropsItAndOneBackRecreatesIt() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());
        CloudFormationCustomResourceEvent toWarehouse = event("cfn-update.json");
        toWarehouse.getResourceProperties().put("RefreshCompute", "warehouse");
        handler.handleRequest(toWarehouse, context());
        long afterWarehouse = tasks();
        handler.handleRequest(event("cfn-update.json"), context());

        assertThat(answers()).extracting(a -> a.get("Status").asText()).containsExactly("SUCCESS", "SUCCESS", "SUCCESS");
        assertThat(logLines()).extracting(l -> l.get("reconciled").toString())
                .containsExactly("[\"stage\",\"pipe\",\"task\"]", "[\"task\"]", "[\"task\"]");
        assertThat(afterWarehouse).isZero();
        assertThat(tasks()).isEqualTo(1);
    }

    @Test
    void anUpdateThatRenamesTheIntegrationFailsAndKeepsTheId() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CloudFormationCustomResourceEvent update = event("cfn-update.json");
        update.getResourceProperties().put("IntegrationName", "twt_other_integration");

        handler(counting(connections)).handleRequest(update, context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(STABLE_ID);
        assertThat(answer.get("Reason").asText()).startsWith("IntegrationName cannot change on Update")
                .contains("TWT_OTHER_INTEGRATION");
        assertThat(connections).hasValue(0);
    }

    @Test
    void invalidPropertiesFailNamingThePropertyWithoutTouchingSnowflake() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CloudFormationCustomResourceEvent create = event("cfn-create.json");
        create.getResourceProperties().put("BucketName", "Twt_Data");

        handler(counting(connections)).handleRequest(create, context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).isEqualTo("BucketName \"Twt_Data\" is not a valid S3 bucket name: "
                + "only lowercase letters, digits, '.' and '-' are allowed; 'T' at position 1 is not");
        assertThat(answer.get("PhysicalResourceId").asText())
                .isEqualTo(BootstrapHandler.FAILED_CREATE_PREFIX + create.getRequestId());
        assertThat(connections).hasValue(0);
    }

    @Test
    void anUnreachableSnowflakeFailsTheCreateWithTheReason() throws Exception {
        handler(() -> {
            throw new SQLException("Snowflake login to account xy12345 as TWT_BOOTSTRAP failed after 20012 ms: "
                    + "JDBC driver encountered communication error. Message: Connect timed out.", "08001");
        }).handleRequest(event("cfn-create.json"), context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("Snowflake login to account xy12345 as TWT_BOOTSTRAP failed")
                .contains("Connect timed out");
        assertThat(onlyLogLine().get("reason").asText()).isEqualTo(answer.get("Reason").asText());
    }

    @Test
    void aServiceThatCannotBeBuiltIsAnsweredAsFailed() throws Exception {
        BootstrapHandler handler = new BootstrapHandler(() -> {
            throw new IllegalStateException("SNOWFLAKE_SECRET_ARN is not set");
        }, BootstrapHandler.SAFETY_MARGIN, new PrintStream(logged, true, StandardCharsets.UTF_8));

        handler.handleRequest(event("cfn-create.json"), context());

        assertThat(onlyAnswer().get("Reason").asText()).isEqualTo("SNOWFLAKE_SECRET_ARN is not set");
    }

    @Test
    void aHangingSnowflakeIsAnsweredAsFailedBeforeTheLambdaTimeout() throws Exception {
        Duration lambdaTimeout = Duration.ofSeconds(6);
        BootstrapHandler handler = new BootstrapHandler(() -> new BootstrapService(hanging(), new DuckDbBootstrapSql(), DuckDbBootstrapSql.STACK_REGION),
                Duration.ofSeconds(3), new PrintStream(logged, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();

        handler.handleRequest(event("cfn-create.json"), new LambdaContextStandIn(lambdaTimeout));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(lambdaTimeout);
        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith("Snowflake did not answer within 3 s");
    }

    @Test
    void anUpdateAbandonedAtItsDeadlineEndsBeforeTheRollbacksWorkStarts() throws Exception {
        handler(() -> duckdb).handleRequest(event("cfn-create.json"), context());
        CountDownLatch abandonedUpdateMayGoOn = new CountDownLatch(1);
        AtomicInteger connectionCalls = new AtomicInteger();
        ConnectionSource firstCallStalls = () -> {
            if (connectionCalls.getAndIncrement() == 0) {
                awaitIgnoringInterrupts(abandonedUpdateMayGoOn);
            }
            return duckdb;
        };
        BootstrapHandler handler = new BootstrapHandler(() -> new BootstrapService(firstCallStalls, new DuckDbBootstrapSql(), DuckDbBootstrapSql.STACK_REGION),
                Duration.ofSeconds(2), new PrintStream(logged, true, StandardCharsets.UTF_8));
        CloudFormationCustomResourceEvent update = event("cfn-update.json");
        update.getResourceProperties().put("BucketName", "twt-data-moved");
        handler.handleRequest(update, new LambdaContextStandIn(Duration.ofSeconds(4)));

        // CloudFormation rolls back with the old properties while the abandoned Update still waits on Snowflake.
        Thread snowflakeAnswersLate = new Thread(() -> {
            sleep(Duration.ofMillis(500));
            abandonedUpdateMayGoOn.countDown();
        });
        snowflakeAnswersLate.start();
        handler.handleRequest(event("cfn-update.json"), new LambdaContextStandIn(LAMBDA_TIMEOUT));
        snowflakeAnswersLate.join();
        awaitNoBootstrapWork();

        List<JsonNode> answers = answers();
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(answers.get(2).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(connectionCalls).hasValue(2);
        assertThat(integrationProperty("STORAGE_ALLOWED_LOCATIONS"))
                .as("the rolled-back bucket stays, the abandoned Update's does not come back")
                .isEqualTo("s3://twt-data-123456789012-us-east-1/validated/");
    }

    @Test
    void aKeepDataDeletePausesThePipeAndKeepsTheRows() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");

        handler.handleRequest(event("cfn-delete.json"), context());

        JsonNode answer = answers().get(1);
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(STABLE_ID);
        assertThat(single("SELECT paused FROM twt_standin_pipe")).isEqualTo(true);
        assertThat(single("SELECT COUNT(*) FROM twt_raw")).isEqualTo(1L);
    }

    @Test
    void aDropDataDeleteDropsEverythingAndCanBeRepeated() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());
        CloudFormationCustomResourceEvent delete = event("cfn-delete.json");
        delete.getResourceProperties().put("DropDataOnDelete", "true");

        handler.handleRequest(delete, context());
        handler.handleRequest(delete, context());

        List<JsonNode> answers = answers();
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answers.get(2).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(single("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'main' "
                + "AND table_name NOT LIKE 'twt_standin_%'")).isEqualTo(0L);
        assertThat(single("SELECT (SELECT COUNT(*) FROM twt_standin_integration) + (SELECT COUNT(*) FROM twt_standin_stage) "
                + "+ (SELECT COUNT(*) FROM twt_standin_pipe)")).isEqualTo(0L);
    }

    @Test
    void deletingAnIdThisFunctionNeverHandsOutSucceedsWithoutSnowflake() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CloudFormationCustomResourceEvent delete = event("cfn-delete.json");
        delete.setPhysicalResourceId("twt-snowflake-SOME_OTHER_INTEGRATION");
        delete.getResourceProperties().put("DropDataOnDelete", "true");

        handler(counting(connections)).handleRequest(delete, context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(delete.getPhysicalResourceId());
        assertThat(connections).hasValue(0);
    }

    @Test
    void deletingAFailedCreateSucceedsAndDropsNothingEvenWhenSnowflakeCannotBeReached() throws Exception {
        CloudFormationCustomResourceEvent delete = failedCreateDelete(event("cfn-delete.json"));
        delete.getResourceProperties().put("DropDataOnDelete", "true");

        handler(() -> {
            throw new SQLException("JDBC driver encountered communication error. Message: Connection refused.");
        }).handleRequest(delete, context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("PhysicalResourceId").asText()).isEqualTo(delete.getPhysicalResourceId());
        assertThat(answer.get("Reason").asText()).startsWith("the failed Create's stage could not be released")
                .contains("Connection refused");
    }

    // --- sequences of issue 10: a second stack on the schema, through the handler

    @Test
    void aCreateThatFailedAfterTheMigrationsIsRolledBackAndTheNextStackAnswersItsOwnIntegration() throws Exception {
        DuckDbBootstrapSql resumeFails = new DuckDbBootstrapSql() {
            @Override
            public String resumePipe() {
                return "SELECT error('the pipe could not be resumed')";
            }
        };
        handler(() -> duckdb, resumeFails, DuckDbBootstrapSql.STACK_REGION).handleRequest(event("cfn-create.json"), context());
        String failedId = answers().get(0).get("PhysicalResourceId").asText();
        CloudFormationCustomResourceEvent rollback = event("cfn-delete.json");
        rollback.setPhysicalResourceId(failedId);
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(rollback, context());

        handler.handleRequest(stackB(event("cfn-create.json")), context());

        List<JsonNode> answers = answers();
        assertThat(answers.get(0).get("Status").asText()).isEqualTo("FAILED");
        assertThat(failedId).startsWith(BootstrapHandler.FAILED_CREATE_PREFIX);
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("SUCCESS");
        JsonNode b = answers.get(2);
        assertThat(b.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(b.get("PhysicalResourceId").asText()).isEqualTo("twt-snowflake-" + INTEGRATION_B);
        assertThat(b.get("Data").get("StorageAwsIamUserArn").asText()).isEqualTo(DuckDbBootstrapSql.iamUser(INTEGRATION_B));
        assertThat(b.get("Data").get("StorageAwsExternalId").asText()).isEqualTo(DuckDbBootstrapSql.externalId(INTEGRATION_B));
        assertThat(single("SELECT url || ' ' || storage_integration FROM twt_standin_stage"))
                .isEqualTo("s3://" + BUCKET_B + "/validated/ " + INTEGRATION_B);
        assertThat(single("SELECT paused FROM twt_standin_pipe")).isEqualTo(false);
    }

    @Test
    void aSecondStackOnTheSchemaFailsNamingTheFirstAndItsRollbackLeavesTheFirstLoading() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());

        handler.handleRequest(stackB(event("cfn-create.json")), context());
        CloudFormationCustomResourceEvent rollback = stackB(event("cfn-delete.json"));
        rollback.setPhysicalResourceId(answers().get(1).get("PhysicalResourceId").asText());
        handler.handleRequest(rollback, context());

        List<JsonNode> answers = answers();
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(answers.get(1).get("Reason").asText())
                .startsWith("the stage twt_validated_stage in this schema loads s3://twt-data-123456789012-us-east-1/validated/ "
                        + "through the storage integration TWT_S3_INTEGRATION, another stack's")
                .contains("one stack per Snowflake schema");
        assertThat(answers.get(2).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(single("SELECT url || ' ' || storage_integration || ' ' || comment FROM twt_standin_stage"))
                .isEqualTo("s3://twt-data-123456789012-us-east-1/validated/ TWT_S3_INTEGRATION " + BootstrapSql.STAGE_IN_USE);
        assertThat(single("SELECT paused FROM twt_standin_pipe")).isEqualTo(false);
    }

    @Test
    void aRedeployAfterAKeepDataTeardownLoadsTheNewBucketThroughTheNewIntegrationIntoTheKeptTables() throws Exception {
        BootstrapHandler handler = handler(() -> duckdb);
        handler.handleRequest(event("cfn-create.json"), context());
        execute("INSERT INTO twt_raw VALUES ('{\"id\":\"1\"}', 'validated/a.gz', 1, CURRENT_TIMESTAMP, 1)");
        handler.handleRequest(event("cfn-delete.json"), context());

        handler.handleRequest(stackB(event("cfn-create.json")), context());

        JsonNode b = answers().get(2);
        assertThat(b.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(b.get("Data").get("StorageAwsExternalId").asText()).isEqualTo(DuckDbBootstrapSql.externalId(INTEGRATION_B));
        assertThat(single("SELECT url || ' ' || storage_integration || ' ' || comment FROM twt_standin_stage"))
                .isEqualTo("s3://" + BUCKET_B + "/validated/ " + INTEGRATION_B + " " + BootstrapSql.STAGE_IN_USE);
        assertThat(single("SELECT bound_url || ' ' || paused FROM twt_standin_pipe"))
                .isEqualTo("s3://" + BUCKET_B + "/validated/ false");
        assertThat(single("SELECT COUNT(*) FROM twt_raw")).isEqualTo(1L);
        assertThat(logLines().get(2).get("reconciled").toString()).isEqualTo("[\"stage\",\"pipe\"]");
    }

    @Test
    void aCreateInAnotherRegionThanTheSnowflakeAccountFailsNamingBothAndCreatesNothing() throws Exception {
        handler(() -> duckdb, new DuckDbBootstrapSql(List.of(), "AWS_EU_WEST_1", "eu-west-1"), "us-east-1")
                .handleRequest(event("cfn-create.json"), context());

        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.get("Reason").asText()).startsWith(
                "the stack is in us-east-1 but the Snowflake account is in eu-west-1 (CURRENT_REGION() = AWS_EU_WEST_1)");
        assertThat(single("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'main' "
                + "AND table_name NOT LIKE 'twt_standin_%'")).isEqualTo(0L);
        assertThat(single("SELECT (SELECT COUNT(*) FROM twt_standin_integration) + (SELECT COUNT(*) FROM twt_standin_stage)"))
                .isEqualTo(0L);
    }

    @Test
    void aKeepDataDeleteSucceedsWhenSnowflakeIsUnreachableButADropDataDeleteFails() throws Exception {
        BootstrapHandler handler = handler(() -> {
            throw new SQLException("JDBC driver encountered communication error. Message: Connection refused.");
        });
        CloudFormationCustomResourceEvent dropData = event("cfn-delete.json");
        dropData.getResourceProperties().put("DropDataOnDelete", "true");

        handler.handleRequest(event("cfn-delete.json"), context());
        handler.handleRequest(dropData, context());

        List<JsonNode> answers = answers();
        assertThat(answers.get(0).get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answers.get(0).get("Reason").asText()).contains("pipe could not be paused").contains("Connection refused");
        assertThat(logLines().get(0).get("warning").asText()).contains("Connection refused");
        assertThat(answers.get(1).get("Status").asText()).isEqualTo("FAILED");
        assertThat(answers.get(1).get("Reason").asText()).contains("Connection refused");
        assertThat(answers.get(1).get("PhysicalResourceId").asText()).isEqualTo(STABLE_ID);
    }

    @Test
    void aHangingSnowflakeDoesNotBlockAKeepDataDelete() throws Exception {
        Duration lambdaTimeout = Duration.ofSeconds(5);
        BootstrapHandler handler = new BootstrapHandler(() -> new BootstrapService(hanging(), new DuckDbBootstrapSql(), DuckDbBootstrapSql.STACK_REGION),
                Duration.ofSeconds(2), new PrintStream(logged, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();

        handler.handleRequest(event("cfn-delete.json"), new LambdaContextStandIn(lambdaTimeout));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(lambdaTimeout);
        JsonNode answer = onlyAnswer();
        assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.get("Reason").asText()).contains("Snowflake did not answer within 3 s");
    }

    private BootstrapHandler handler(ConnectionSource connections) {
        return handler(connections, new DuckDbBootstrapSql(), DuckDbBootstrapSql.STACK_REGION);
    }

    private BootstrapHandler handler(ConnectionSource connections, BootstrapSql sql, String stackRegion) {
        Supplier<BootstrapService> service = () -> new BootstrapService(connections, sql, stackRegion);
        return new BootstrapHandler(service, BootstrapHandler.SAFETY_MARGIN,
                new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    private ConnectionSource counting(AtomicInteger connections) {
        return () -> {
            connections.incrementAndGet();
            return duckdb;
        };
    }

    /** A Snowflake that never answers the login. */
    private ConnectionSource hanging() {
        return () -> {
            try {
                releaseHangingSnowflake.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("released");
        };
    }

    /** A driver call that does not give up when its thread is interrupted. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // as a blocked socket read would
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for every worker thread of the handler, abandoned ones included, to end. */
    private static void awaitNoBootstrapWork() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("bootstrap-snowflake") && t.isAlive())) {
            assertThat(System.nanoTime()).as("bootstrap work still running after 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private long tasks() throws SQLException {
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM twt_standin_task")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static LambdaContextStandIn context() {
        return new LambdaContextStandIn(LAMBDA_TIMEOUT);
    }

    /** A repository event with its pre-signed URL pointed at WireMock (same path and query). */
    private CloudFormationCustomResourceEvent event(String file) {
        CloudFormationCustomResourceEvent event = EventLoader.loadCloudFormationCustomResourceEvent("events/" + file);
        URI presigned = URI.create(event.getResponseUrl());
        event.setResponseUrl(cloudFormation.baseUrl() + presigned.getRawPath() + "?" + presigned.getRawQuery());
        event.setResourceProperties(new HashMap<>(event.getResourceProperties()));
        return event;
    }

    /** The event as a second stack on the same Snowflake schema would send it. */
    private static CloudFormationCustomResourceEvent stackB(CloudFormationCustomResourceEvent event) {
        event.setStackId("arn:aws:cloudformation:us-east-1:123456789012:stack/twt-b/" + STACK_B_UUID);
        event.getResourceProperties().put("BucketName", BUCKET_B);
        event.getResourceProperties().put("StorageRoleArn", "arn:aws:iam::123456789012:role/twt-snowflake-" + STACK_B_UUID);
        event.getResourceProperties().put("IntegrationName", INTEGRATION_B);
        if (event.getPhysicalResourceId() != null) {
            event.setPhysicalResourceId("twt-snowflake-" + INTEGRATION_B);
        }
        return event;
    }

    /** A Delete as CloudFormation sends it to roll back a Create that answered FAILED. */
    private static CloudFormationCustomResourceEvent failedCreateDelete(CloudFormationCustomResourceEvent event) {
        event.setPhysicalResourceId(BootstrapHandler.FAILED_CREATE_PREFIX + "7f1e0a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
        return event;
    }

    private List<JsonNode> answers() throws Exception {
        List<LoggedRequest> puts = cloudFormation.findAll(putRequestedFor(urlPathMatching(RESPONSE_PATH)));
        List<JsonNode> answers = new ArrayList<>();
        for (LoggedRequest put : puts) {
            answers.add(JSON.readTree(put.getBodyAsString()));
        }
        return answers;
    }

    private JsonNode onlyAnswer() throws Exception {
        List<JsonNode> answers = answers();
        assertThat(answers).hasSize(1);
        return answers.get(0);
    }

    private List<JsonNode> logLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logged.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private JsonNode onlyLogLine() throws Exception {
        List<JsonNode> lines = logLines();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = duckdb.createStatement()) {
            s.execute(sql);
        }
    }

    private Object single(String sql) throws SQLException {
        try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getObject(1);
        }
    }

    private String integrationProperty(String property) throws SQLException {
        return (String) single("SELECT property_value FROM twt_standin_integration WHERE property = '" + property + "'");
    }
}
