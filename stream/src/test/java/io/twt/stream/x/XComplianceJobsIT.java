package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.stream.MutableClock;
import io.twt.stream.Sleeper;
import io.twt.core.compliance.ComplianceKind;
import io.twt.stream.x.XComplianceJobs.Outcome;
import io.twt.stream.x.XComplianceStandIn.Fault;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** X's batch compliance jobs through the real HTTP client against a loopback X. */
class XComplianceJobsIT {

    private static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final List<String> IDS = List.of("1001", "1002", "1003");

    private final MutableClock clock = new MutableClock(NOW);
    private final List<Duration> sleeps = new ArrayList<>();
    /** Waits by moving the clock, so a deadline comes as it would. */
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    private final FilteredStreamSourceIT.CountingCredentials credentials = new FilteredStreamSourceIT.CountingCredentials();
    private XComplianceStandIn x;

    @BeforeEach
    void start() throws IOException {
        x = new XComplianceStandIn();
        x.now = NOW;
    }

    @AfterEach
    void stop() {
        x.close();
    }

    private XComplianceJobs jobs(Duration timeout) {
        return new XComplianceJobs(HttpClient.newHttpClient(), x.baseUrl(), credentials, timeout, sleeper, clock);
    }

    @Test
    void aRunCreatesTheJobUploadsTheIdsWaitsAndDownloadsOnlyTheIdsWithAnEvent() throws Exception {
        x.events.put("1002", XComplianceStandIn.deleted("1002"));
        x.events.put("9999", XComplianceStandIn.deleted("9999"));

        Outcome outcome = jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets-2026-03-14", IDS, NOW.plus(Duration.ofMinutes(10)));

        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.resultLines()).containsExactly(XComplianceStandIn.deleted("1002"));
        assertThat(x.requests("POST", XComplianceJobs.JOBS_PATH)).singleElement().satisfies(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer token-1");
            assertThat(r.body()).contains("\"type\":\"tweets\"").contains("\"name\":\"twt-tweets-2026-03-14\"");
        });
        assertThat(x.requests("PUT", "/upload/")).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo("1001\n1002\n1003\n");
            assertThat(r.contentType()).isEqualTo("text/plain");
            assertThat(r.authorization()).as("the signed URL gets no token").isNull();
        });
        assertThat(x.requests("GET", "/download/")).singleElement().satisfies(r -> assertThat(r.authorization()).isNull());
        assertThat(x.requests("GET", XComplianceJobs.JOBS_PATH + "/")).hasSize(2)
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer token-1"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void statusChecksWaitTwiceAsLongEachTimeUpToAMinute() throws Exception {
        x.statusChecksToComplete = 7;

        jobs(TIMEOUT).run(ComplianceKind.USERS, "twt-users", IDS, NOW.plus(Duration.ofHours(1)));

        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60));
        assertThat(x.requests("GET", XComplianceJobs.JOBS_PATH + "?type=users")).hasSize(1);
    }

    @Test
    void aRunCutShortByItsDeadlineLeavesTheJobToTheNextRunWhichCreatesAndUploadsNothingAgain() throws Exception {
        x.statusChecksToComplete = 4;
        x.events.put("1003", XComplianceStandIn.deleted("1003"));
        XComplianceJobs jobs = jobs(TIMEOUT);

        Outcome first = jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofSeconds(20)));

        assertThat(first.complete()).isFalse();
        assertThat(first.job().status()).isEqualTo(XComplianceJobs.Status.IN_PROGRESS);
        assertThat(first.resultLines()).isEmpty();
        assertThat(clock.instant()).as("no wait goes past the deadline").isBeforeOrEqualTo(NOW.plus(Duration.ofSeconds(20)));

        Outcome second = jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(second.complete()).isTrue();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(second.resultLines()).containsExactly(XComplianceStandIn.deleted("1003"));
        assertThat(x.requests("POST", XComplianceJobs.JOBS_PATH)).hasSize(1);
        assertThat(x.requests("PUT", "/upload/")).hasSize(1);
    }

    @Test
    void aJobThatFailsIsReportedAndTheNextRunCreatesANewOne() throws Exception {
        XComplianceJobs jobs = jobs(TIMEOUT);
        x.statusAfterChecks = "failed";

        assertThatThrownBy(() -> jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10))))
                .isInstanceOf(IOException.class)
                .hasMessageMatching("X compliance job [0-9]+ \\(twt-tweets\\) ended failed; the next run creates a new one");
        String failed = x.requests("PUT", "/upload/").get(0).path();
        x.statusAfterChecks = "complete";
        Outcome outcome = jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(20)));

        assertThat(outcome.complete()).isTrue();
        assertThat(x.requests("POST", XComplianceJobs.JOBS_PATH)).hasSize(2);
        assertThat(failed).doesNotStartWith("/upload/" + outcome.job().id());
    }

    @Test
    void aJobCreatedEarlierWhoseUploadWindowHasClosedIsReplaced() throws Exception {
        XComplianceJobs jobs = jobs(TIMEOUT);
        XComplianceJobs.Job stale = jobs.create(ComplianceKind.TWEETS, "twt-tweets");
        x.setUploadExpiry(stale.id(), NOW.minusSeconds(1));

        Outcome outcome = jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10)));

        assertThat(outcome.job().id()).isNotEqualTo(stale.id());
        assertThat(x.requests("PUT", "/upload/")).singleElement()
                .satisfies(r -> assertThat(r.path()).startsWith("/upload/" + outcome.job().id()));
    }

    @Test
    void aJobCreatedEarlierThatStillAwaitsItsIdsGetsThemInsteadOfASecondJob() throws Exception {
        XComplianceJobs jobs = jobs(TIMEOUT);
        XComplianceJobs.Job waiting = jobs.create(ComplianceKind.TWEETS, "twt-tweets");

        Outcome outcome = jobs.run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10)));

        assertThat(outcome.job().id()).isEqualTo(waiting.id());
        assertThat(x.requests("POST", XComplianceJobs.JOBS_PATH)).hasSize(1);
    }

    @Test
    void aStatusCheckThatNeverAnswersIsGivenUpAfterTheRequestTimeout() throws Exception {
        XComplianceJobs jobs = jobs(SHORT);
        XComplianceJobs.Job job = jobs.create(ComplianceKind.TWEETS, "twt-tweets");
        x.fault(XComplianceJobs.JOBS_PATH + "/", Fault.HANG);
        long start = System.nanoTime();

        assertThatThrownBy(() -> jobs.get(job.id()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer within 400 ms")
                .hasMessageContaining("read compliance job " + job.id());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aDownloadThatTricklesForeverIsGivenUpAfterTheRequestTimeout() throws Exception {
        x.fault("/download/", Fault.TRICKLE_FOREVER);
        long start = System.nanoTime();

        assertThatThrownBy(() -> jobs(SHORT).run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10))))
                .hasMessageContaining("did not answer within 400 ms when asked to download the result");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aResultThatArrivesOneByteAtATimeIsReadWhole() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> Integer.toString(5000 + i)).toList();
        ids.stream().filter(id -> id.endsWith("0")).forEach(id -> x.events.put(id, XComplianceStandIn.deleted(id)));
        x.fault("/download/", Fault.ONE_BYTE_AT_A_TIME);

        Outcome outcome = jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", ids, NOW.plus(Duration.ofMinutes(10)));

        assertThat(outcome.resultLines()).containsExactly(XComplianceStandIn.deleted("5010"), XComplianceStandIn.deleted("5020"));
    }

    @Test
    void a401ReadsTheCredentialsAgainAndTriesOnceMore() throws Exception {
        x.fault(XComplianceJobs.JOBS_PATH + "?", Fault.HTTP_401);

        jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10)));

        assertThat(credentials.refreshes).hasValue(1);
        assertThat(x.requests("GET", XComplianceJobs.JOBS_PATH + "?")).extracting(XComplianceStandIn.Received::authorization)
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void a403IsARefusalThatNamesTheAuthenticationNeededAndNotTheToken() {
        x.fault(XComplianceJobs.JOBS_PATH, Fault.HTTP_403);

        assertThatThrownBy(() -> jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10))))
                .isInstanceOf(XRefused.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("client-not-enrolled")
                .hasMessageContaining("App-only")
                .hasMessageNotContaining("token-1");
    }

    @Test
    void aServerErrorNamesWhatTwtAskedFor() {
        x.fault(XComplianceJobs.JOBS_PATH, Fault.HTTP_503);

        assertThatThrownBy(() -> jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", IDS, NOW.plus(Duration.ofMinutes(10))))
                .isInstanceOf(IOException.class)
                .hasMessage("X answered HTTP 503 when asked to list the compliance jobs: Service Unavailable");
    }

    @Test
    void anIdThatIsNotAnXIdIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", List.of("1001", "12a"), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id 2 of 2 is not an X id (1 to 19 digits): \"12a\"");
        assertThatThrownBy(() -> jobs(TIMEOUT).run(ComplianceKind.TWEETS, "twt-tweets", List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(x.requests).isEmpty();
    }
}
