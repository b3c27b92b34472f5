package io.twt.functions.refresh;

import static io.twt.functions.refresh.Posts.post;
import static io.twt.functions.refresh.Posts.withLikes;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import io.twt.core.metrics.EmfWriter;
import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.RefreshCompute;
import io.twt.core.sql.RefreshRunner;
import io.twt.core.sql.SqlCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler driven by the sample event in {@code events/}, over DuckDB; summary and metrics read back from its output. */
class RefreshHandlerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:05:01Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RefreshRunner DUCKDB = new RefreshRunner(new SqlCatalogue(Dialect.DUCKDB));

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private PrintStream stdout;
    private Warehouse warehouse;

    @BeforeEach
    void open() throws SQLException {
        warehouse = Warehouse.inMemory();
        stdout = new PrintStream(output, true, UTF_8);
    }

    @AfterEach
    void close() throws SQLException {
        warehouse.close();
    }

    private RefreshHandler handler(RefreshService service) {
        return new RefreshHandler(service, RefreshCompute.WAREHOUSE, new RefreshMetrics(new EmfWriter(stdout, "twt", "RefreshFunction", Clock.fixed(NOW, ZoneOffset.UTC))), stdout);
    }

    private static ScheduledEvent schedule() {
        return EventLoader.loadScheduledEvent("events/schedule.json");
    }

    @Test
    void theSampleEventIsAScheduledEvent() {
        ScheduledEvent event = schedule();
        assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(event.getId()).isEqualTo("3f2a8c1e-5b7d-4e9f-a0b1-c2d3e4f5a6b7");
        assertThat(event.getTime().getMillis()).isEqualTo(Instant.parse("2026-03-01T12:05:00Z").toEpochMilli());
    }

    @Test
    void aRunWithNewRowsReturnsLogsAndEmitsTheCounts() throws Exception {
        TweetRecord known = post("1900000000000000010", "2026-03-01T12:00:10Z", "ada", 100, 5);
        warehouse.load(List.of(known));
        handler(new RefreshService(warehouse.source(), DUCKDB, 240)).handleRequest(schedule(), new FixedContext(600_000));
        output.reset();
        warehouse.load(List.of(
                withLikes(known, 8),
                post("1900000000000000020", "2026-03-01T12:00:20Z", "ada", 120, 1),
                post("1900000000000000030", "2026-03-01T12:00:30Z", "bo", 30, 1),
                post("1900000000000000030", "2026-03-01T12:00:30Z", "bo", 30, 1)));

        String summary = handler(new RefreshService(warehouse.source(), DUCKDB, 240)).handleRequest(schedule(), new FixedContext(600_000));

        assertThat(summary).startsWith("refresh: 3 posts read; twt_user 1 inserted, 1 updated; twt_tweet 2 inserted, 1 updated; 0 rows rejected; 0 files loaded with errors; 0 compliance lines applied; committed in ")
                .endsWith(" ms (15 statements)");
        assertThat(output.toString(UTF_8)).contains("refresh: scheduled event 3f2a8c1e-5b7d-4e9f-a0b1-c2d3e4f5a6b7 for 2026-03-01T12:05:00Z")
                .contains(summary);
        JsonNode emf = singleEmf();
        assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("twt");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"FunctionName\"]]");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).isEqualTo("[{\"Name\":\"PostsRead\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"UsersInserted\",\"Unit\":\"Count\"},{\"Name\":\"UsersUpdated\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"TweetsInserted\",\"Unit\":\"Count\"},{\"Name\":\"TweetsUpdated\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"RejectedRows\",\"Unit\":\"Count\"},{\"Name\":\"LoadErrorFiles\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"ComplianceLines\",\"Unit\":\"Count\"},{\"Name\":\"RefreshDuration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"RefreshFailures\",\"Unit\":\"Count\"}]");
        assertThat(emf.get("FunctionName").asText()).isEqualTo("RefreshFunction");
        assertThat(emf.get("PostsRead").asLong()).isEqualTo(3);
        assertThat(emf.get("UsersInserted").asLong()).isEqualTo(1);
        assertThat(emf.get("UsersUpdated").asLong()).isEqualTo(1);
        assertThat(emf.get("TweetsInserted").asLong()).isEqualTo(2);
        assertThat(emf.get("TweetsUpdated").asLong()).isEqualTo(1);
        assertThat(emf.get("RefreshDuration").asLong()).isNotNegative().isEqualTo(Long.parseLong(summary.replaceAll(".* committed in (\\d+) ms.*", "$1")));
        assertThat(emf.get("RefreshFailures").asLong()).isZero();
        assertThat(emf.get("StreamHadData").asBoolean()).isTrue();
        assertThat(emf.get("RejectedRows").asLong()).isZero();
        assertThat(emf.get("LoadErrorFiles").asLong()).isZero();
        assertThat(emf.get("ComplianceLines").asLong()).isZero();
        assertThat(emf.get("Statements").asInt()).isEqualTo(15);
    }

    @Test
    void aRowTheRefreshCannotTypeIsCountedAsRejectedAndTheGoodRowIsMerged() throws Exception {
        String good = new RecordJson().toJson(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1));
        warehouse.loadLines(List.of(good, good.replace("\"1900000000000000001\"", "\"19e18\"")));

        String summary = handler(new RefreshService(warehouse.source(), DUCKDB, 240)).handleRequest(schedule(), new FixedContext(600_000));

        assertThat(summary).contains("1 posts read;").contains("; 1 rows rejected; 0 files loaded with errors; 0 compliance lines applied; committed in ");
        JsonNode emf = singleEmf();
        assertThat(emf.get("RejectedRows").asLong()).isEqualTo(1);
        assertThat(emf.get("LoadErrorFiles").asLong()).isZero();
        assertThat(emf.get("TweetsInserted").asLong()).isEqualTo(1);
        assertThat(warehouse.count("twt_raw_rejected")).isEqualTo(1);
    }

    @Test
    void anEmptyStreamIsReportedWithZeroCounts() {
        String summary = handler(new RefreshService(warehouse.source(), DUCKDB, 240)).handleRequest(schedule(), new FixedContext(600_000));

        assertThat(summary).startsWith("refresh: the stream holds nothing new; no DML run (1 statement, ");
        JsonNode emf = singleEmf();
        for (String metric : List.of("PostsRead", "UsersInserted", "UsersUpdated", "TweetsInserted", "TweetsUpdated", "RejectedRows", "LoadErrorFiles", "ComplianceLines", "RefreshFailures")) {
            assertThat(emf.get(metric).asLong()).as(metric).isZero();
        }
        assertThat(emf.get("StreamHadData").asBoolean()).isFalse();
        assertThat(emf.get("Statements").asInt()).isEqualTo(1);
    }

    @Test
    void aFailureFailsTheInvocationWithAClearMessageAfterReportingIt() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        RefreshService failing = new RefreshService(() -> Jdbc.wrap(warehouse.connection(), new Jdbc.Traffic(), sql -> {
            if (sql.startsWith("MERGE INTO twt_tweet")) {
                throw new SQLException("Statement reached its statement or warehouse timeout of 240 second(s) and was canceled.", "57014", 630);
            }
        }), DUCKDB, 240);

        assertThatThrownBy(() -> handler(failing).handleRequest(schedule(), new FixedContext(600_000)))
                .isInstanceOf(RefreshFailedException.class)
                .hasMessage("refresh failed, nothing was committed and the stream keeps its rows for the next run: SQL state 57014,"
                        + " error 630: Statement reached its statement or warehouse timeout of 240 second(s) and was canceled.")
                .hasCauseInstanceOf(SQLException.class);

        JsonNode emf = singleEmf();
        assertThat(emf.get("RefreshFailures").asLong()).isEqualTo(1);
        assertThat(emf.get("PostsRead").asLong()).isZero();
        assertThat(emf.get("Error").asText()).startsWith("SQL state 57014, error 630: Statement reached");
        assertThat(warehouse.count("twt_user")).isZero();
        assertThat(warehouse.consumedSeq()).isZero();
    }

    @Test
    void aConnectionThatCannotBeOpenedFailsTheInvocation() {
        RefreshService unreachable = new RefreshService(() -> {
            throw new SQLException("Snowflake login to account xy12345 as TWT_REFRESH failed after 20012 ms: connect timed out", "08001");
        }, DUCKDB, 240);

        assertThatThrownBy(() -> handler(unreachable).handleRequest(schedule(), null))
                .isInstanceOf(RefreshFailedException.class)
                .hasMessageEndingWith("SQL state 08001, error 0: Snowflake login to account xy12345 as TWT_REFRESH failed after 20012 ms: connect timed out");
        assertThat(singleEmf().get("RefreshFailures").asLong()).isEqualTo(1);
    }

    @Test
    void anEventWithoutIdOrTimeIsAcceptedAndTheInvocationDeadlineLimitsEachStatement() throws Exception {
        warehouse.load(List.of(post("1900000000000000001", "2026-03-01T12:00:00Z", "ada", 10, 1)));
        Jdbc.Traffic traffic = new Jdbc.Traffic();
        RefreshService service = new RefreshService(() -> Jdbc.wrap(warehouse.connection(), traffic), DUCKDB, 240);

        String summary = handler(service).handleRequest(new ScheduledEvent(), new FixedContext(60_000));

        assertThat(summary).startsWith("refresh: 1 posts read;");
        assertThat(output.toString(UTF_8)).doesNotContain("scheduled event");
        // 60 s left minus the 10 s margin: no statement may run longer than 50 s, fewer as time passes.
        assertThat(traffic.queryTimeouts).hasSize(15).allSatisfy(t -> assertThat(t).isBetween(48, 50));
    }

    private JsonNode singleEmf() {
        List<JsonNode> docs = Arrays.stream(output.toString(UTF_8).split("\n"))
                .filter(line -> line.startsWith("{"))
                .map(RefreshHandlerTest::parse)
                .filter(doc -> doc.has("_aws"))
                .toList();
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Lambda context with a fixed remaining time; nothing else is used by the handler. */
    private record FixedContext(int remainingMillis) implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return null; }
        @Override public String getLogStreamName() { return null; }
        @Override public String getFunctionName() { return "RefreshFunction"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return null; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return remainingMillis; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
