package io.twt.functions.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.compliance.ComplianceApplier;
import io.twt.core.sql.ComplianceSql;
import io.twt.core.metrics.EmfWriter;
import io.twt.core.record.Entities;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.MigrationRunner;
import io.twt.core.sql.Migrations;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.SqlCatalogue;
import io.twt.stream.MutableClock;
import io.twt.stream.x.CredentialsSource;
import io.twt.stream.x.XComplianceJobs;
import io.twt.stream.x.XComplianceStandIn;
import io.twt.stream.x.XCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Compliance function end to end on loopback: the handler, the real X jobs client against a
 * stand-in of X's three compliance endpoints, and the compliance SQL on DuckDB (the same Java path
 * as Snowflake, DuckDB's dialect).
 */
class ComplianceFunctionIT {

    private static final Instant SCHEDULED = Instant.parse("2026-03-01T12:05:00Z"); // events/schedule.json
    private static final String ADA = "1001";
    private static final String BOB = "2002";

    private final MutableClock clock = new MutableClock(SCHEDULED);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private XComplianceStandIn x;
    private Connection duck;

    @BeforeEach
    void start() throws Exception {
        x = new XComplianceStandIn();
        x.now = SCHEDULED;
        duck = DriverManager.getConnection("jdbc:duckdb:");
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
        // ada wrote 11 and 12, bob wrote 21 and 22: loaded and merged as the pipeline would.
        int row = 0;
        for (String[] post : new String[][] {{"11", "ada", ADA}, {"12", "ada", ADA}, {"21", "bob", BOB}, {"22", "bob", BOB}}) {
            TweetRecord r = new TweetRecord(post[0], Instant.parse("2026-03-01T10:00:00Z").plusSeconds(++row), post[1], post[1],
                    0, 10, 0, 0, 1, false, "none", "$ATOM " + post[0], 0, 0, 0, 0, post[2],
                    new Entities.Builder().add(EntityField.CASHTAGS, "ATOM").build());
            try (Statement s = duck.createStatement()) {
                s.execute("INSERT INTO twt_raw VALUES ('" + new RecordJson().toJson(r) + "', 'validated/a.gz', " + row
                        + ", now(), " + row + ")");
            }
        }
        new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB)).run(duck);
        assertThat(column("SELECT tweet_id FROM twt_tweet_entity ORDER BY tweet_id")).containsExactly("11", "12", "21", "22");
    }

    @AfterEach
    void stop() throws SQLException {
        x.close();
        duck.close();
    }

    private ComplianceHandler handler() {
        CredentialsSource credentials = new CredentialsSource() {
            @Override public XCredentials current() {
                return new XCredentials("bearer-s3cr3t", null, null, null, null);
            }
            @Override public XCredentials refresh() {
                return current();
            }
        };
        XComplianceJobs jobs = new XComplianceJobs(HttpClient.newHttpClient(), x.baseUrl(), credentials, Duration.ofSeconds(5),
                clock::advance, clock);
        ComplianceService service = new ComplianceService(() -> duck, jobs, new ComplianceSql(Dialect.DUCKDB),
                new ComplianceApplier(Dialect.DUCKDB), "twt-stack", Duration.ofDays(30), clock);
        ComplianceMetrics metrics = new ComplianceMetrics(new EmfWriter(new PrintStream(out, true, StandardCharsets.UTF_8), "twt",
                "ComplianceFunction", clock));
        return new ComplianceHandler(service, metrics, clock, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static ScheduledEvent schedule() {
        return EventLoader.loadScheduledEvent("events/schedule.json");
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private JsonNode metricsLine() throws Exception {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                return new ObjectMapper().readTree(lines[i]);
            }
        }
        throw new AssertionError("no metrics line in " + out);
    }

    @Test
    void aRunSendsEveryStoredIdAndRemovesExactlyThePostsAndUsersXNamesFromEveryTable() throws Exception {
        x.events.put("12", XComplianceStandIn.deleted("12"));
        x.events.put(BOB, "{\"id\":\"" + BOB + "\",\"action\":\"delete\",\"created_at\":\"2026-02-01T00:00:00.000Z\","
                + "\"redacted_at\":\"2026-03-01T08:00:00.000Z\",\"reason\":\"suspended\"}");

        String summary = handler().handleRequest(schedule(), new FixedContext(900_000));

        assertThat(x.requests("PUT", "/upload/")).extracting(r -> r.body().lines().sorted().toList())
                .containsExactly(List.of("11", "12", "21", "22"), List.of(ADA, BOB));
        assertThat(column("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("11");
        assertThat(column("SELECT tweet_id FROM twt_tweet_entity ORDER BY tweet_id")).containsExactly("11");
        assertThat(column("SELECT json_extract_string(raw, '$.id') FROM twt_raw ORDER BY 1")).containsExactly("11");
        assertThat(column("SELECT screen_name FROM twt_user")).containsExactly("ada");
        assertThat(column("SELECT kind || ' ' || id || ' ' || reason FROM twt_compliance_log ORDER BY kind, id"))
                .containsExactly("tweet 12 deleted", "user " + BOB + " suspended");
        assertThat(column("SELECT DISTINCT source FROM twt_compliance_log")).allSatisfy(s -> assertThat(s).startsWith("x-compliance-job-"));
        assertThat(summary).startsWith("compliance 2026-03-01: 0 rows of twt_raw (0 rejected) past the horizon pruned; tweets: 4 ids checked in X job ").contains("1 with an event")
                .contains("users: 2 ids checked");
        assertThat(x.requests("POST", "/2/compliance/jobs")).extracting(XComplianceStandIn.Received::body)
                .containsExactly("{\"type\":\"tweets\",\"name\":\"twt-stack-tweets-2026-03-01\"}",
                        "{\"type\":\"users\",\"name\":\"twt-stack-users-2026-03-01\"}");
        JsonNode metrics = metricsLine();
        assertThat(metrics.get("PostsChecked").asLong()).isEqualTo(4);
        assertThat(metrics.get("UsersChecked").asLong()).isEqualTo(2);
        assertThat(metrics.get("ComplianceEvents").asLong()).isEqualTo(2);
        assertThat(metrics.get("JobsPending").asLong()).isZero();
        assertThat(metrics.get("ComplianceFailures").asLong()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t");
    }

    @Test
    void rowsOfTwtRawLoadedBeforeTheHorizonArePrunedWithTheirRejectedCopiesAndTheirIdsAreNotSent() throws Exception {
        try (Statement s = duck.createStatement()) {
            // Loaded 31 days before the run, and rejected by the refresh then; and one loaded 29 days before.
            s.execute("INSERT INTO twt_raw VALUES ('{\"id\":\"31\",\"text\":\"no more\"}', 'validated/old.gz', 1, TIMESTAMP '2026-01-29 12:00:00', 10)");
            s.execute("INSERT INTO twt_raw_rejected VALUES ('validated/old.gz', 1, 'missing_field', 'created_at', 'x', "
                    + "TIMESTAMP '2026-01-29 12:00:00', TIMESTAMP '2026-01-29 12:01:00')");
            s.execute("INSERT INTO twt_raw VALUES ('{\"id\":\"29\",\"text\":\"kept\"}', 'validated/new.gz', 1, TIMESTAMP '2026-01-31 12:10:00', 11)");
        }

        String summary = handler().handleRequest(schedule(), new FixedContext(900_000));

        assertThat(column("SELECT file_name FROM twt_raw WHERE file_name <> 'validated/a.gz'")).containsExactly("validated/new.gz");
        assertThat(column("SELECT COUNT(*) FROM twt_raw_rejected")).containsExactly("0");
        assertThat(x.requests("PUT", "/upload/").get(0).body().lines()).contains("29").doesNotContain("31");
        assertThat(summary).contains(": 1 rows of twt_raw (1 rejected) past the horizon pruned;");
        assertThat(metricsLine().get("RawRowsPruned").asLong()).isEqualTo(2);
    }

    @Test
    void aSecondRunTheSameDayReusesTheDaysJobsAndRemovesAndLogsNothingMore() throws Exception {
        x.events.put("12", XComplianceStandIn.deleted("12"));
        handler().handleRequest(schedule(), new FixedContext(900_000));
        List<String> log = column("SELECT kind || id || reason || applied_at FROM twt_compliance_log ORDER BY 1");

        handler().handleRequest(schedule(), new FixedContext(900_000));

        assertThat(x.requests("POST", "/2/compliance/jobs")).hasSize(2);
        assertThat(column("SELECT kind || id || reason || applied_at FROM twt_compliance_log ORDER BY 1")).isEqualTo(log);
        assertThat(column("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("11", "21", "22");
        assertThat(metricsLine().get("RowsRemoved").asLong()).isZero();
    }

    @Test
    void aJobXHasNotFinishedInTimeFailsTheRunSoThatLambdasRetryResumesItWithoutANewJob() throws Exception {
        x.statusChecksToComplete = 1_000;
        x.events.put("12", XComplianceStandIn.deleted("12"));

        assertThatThrownBy(() -> handler().handleRequest(schedule(), new FixedContext(120_000)))
                .isInstanceOf(ComplianceFailedException.class)
                .hasMessageContaining("(tweets) is still in progress; the retry resumes it");
        assertThat(metricsLine().get("JobsPending").asLong()).isEqualTo(1);
        assertThat(column("SELECT id FROM twt_tweet ORDER BY id")).hasSize(4);
        assertThat(x.requests("POST", "/2/compliance/jobs")).as("users wait for the posts' job").hasSize(1);

        x.statusChecksToComplete = 1;
        handler().handleRequest(schedule(), new FixedContext(900_000));

        assertThat(x.requests("POST", "/2/compliance/jobs")).hasSize(2);
        assertThat(x.requests("PUT", "/upload/")).hasSize(2);
        assertThat(column("SELECT id FROM twt_tweet ORDER BY id")).containsExactly("11", "21", "22");
    }

    @Test
    void anXThatRefusesTheTokenFailsTheRunWithAReadableReasonAndAFailureMetric() throws Exception {
        x.fault("/2/compliance/jobs", XComplianceStandIn.Fault.HTTP_403);

        assertThatThrownBy(() -> handler().handleRequest(schedule(), new FixedContext(900_000)))
                .isInstanceOf(ComplianceFailedException.class)
                .hasMessageContaining("XRefused")
                .hasMessageContaining("HTTP 403")
                .hasMessageNotContaining("s3cr3t");
        assertThat(metricsLine().get("ComplianceFailures").asLong()).isEqualTo(1);
        assertThat(column("SELECT COUNT(*) FROM twt_tweet")).containsExactly("4");
    }

    /** A Lambda context with a fixed remaining time; nothing else is used by the handler. */
    private record FixedContext(int remainingMillis) implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return null; }
        @Override public String getLogStreamName() { return null; }
        @Override public String getFunctionName() { return "ComplianceFunction"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return null; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return remainingMillis; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
