package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.stream.MutableClock;
import io.twt.stream.RecordingLines;
import io.twt.stream.SourceThread;
import io.twt.stream.StderrCapture;
import io.twt.stream.StreamDefaults;
import io.twt.stream.budget.BudgetedSource;
import io.twt.stream.budget.PostBudget;
import io.twt.stream.source.LineConsumer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 filtered stream held to a post budget, on loopback with a clock the test moves. */
class BudgetedStreamIT {

    private final RecordingLines lines = new RecordingLines(new Trimmer(InputFormat.AUTO));
    private final FilteredStreamSourceIT.CountingCredentials credentials = new FilteredStreamSourceIT.CountingCredentials();
    private final List<String> waits = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void atTheDailyCapTheStreamIsClosedAndNoPostIsReadUntilTheNextUtcDay() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T23:00:00Z"));
        PostBudget budget = PostBudget.open(dir.resolve("budget.json"), 2, 1000, clock);
        CountDownLatch gone = new CountDownLatch(1);
        try (XStandIn x = new XStandIn(); StderrCapture log = new StderrCapture()) {
            x.then(XStandIn.streamUntilGone(gone, post() + "\r\n", "\r\n", post() + "\r\n"));
            x.then(x.streamThenHang(post() + "\r\n"));
            BudgetedSource source = new BudgetedSource(budget, l -> stream(x, l), lines, wait -> {
                boolean closed = gone.await(5, TimeUnit.SECONDS);
                synchronized (waits) {
                    waits.add(wait + " closed=" + closed + " posts=" + lines.posts.sum() + " connections=" + x.streamRequests.size());
                }
                Thread.sleep(200); // a post X still sent would arrive now
                synchronized (waits) {
                    waits.add("then posts=" + lines.posts.sum() + " connections=" + x.streamRequests.size());
                }
                clock.advance(wait);
            });

            runUntil(source, () -> lines.posts.sum() == 3);

            assertThat(waits).containsExactly("PT1H closed=true posts=2 connections=1", "then posts=2 connections=1");
            assertThat(x.streamRequests).hasSize(2);
            assertThat(budget.today()).isEqualTo(1);
            assertThat(budget.thisMonth()).isEqualTo(3);
            assertThat(lines.keepalive.sum()).as("keep-alives are not posts").isPositive();
            assertThat(log.text())
                    .contains("X post budget: the daily cap is reached (2 of the daily cap of 2 posts read on 2026-03-14 (UTC)")
                    .contains("disconnected from X until 2026-03-15T00:00:00Z (in 1 h 0 min)")
                    .contains("X post budget: a new UTC day began; reconnecting to X (0 of the daily cap of 2 posts read on 2026-03-15");
        }
    }

    @Test
    void aBudgetSpentBeforeTheStartConnectsOnlyInTheNextUtcMonth() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-04-30T12:00:00Z"));
        PostBudget budget = PostBudget.open(dir.resolve("budget.json"), 1000, 50, clock);
        budget.seed(OptionalLong.of(60), Map.of());
        try (XStandIn x = new XStandIn()) {
            x.then(x.streamThenHang(post() + "\r\n"));
            AtomicReference<String> atWait = new AtomicReference<>();
            BudgetedSource source = new BudgetedSource(budget, l -> stream(x, l), lines, wait -> {
                atWait.set(wait + " rules=" + x.rulesRequests.size() + " connections=" + x.streamRequests.size());
                clock.advance(wait);
            });

            runUntil(source, () -> lines.posts.sum() == 1);

            assertThat(atWait).hasValue("PT12H rules=0 connections=0");
            assertThat(budget.thisMonth()).isEqualTo(1);
        }
    }

    @Test
    void aStopWhileWaitingForTheNextDayEndsTheSourceAtOnceAndKeepsTheCounts() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-14T01:00:00Z"));
        Path state = dir.resolve("budget.json");
        PostBudget budget = PostBudget.open(state, 1, 1000, clock);
        try (XStandIn x = new XStandIn()) {
            x.then(x.streamThenHang(post() + "\r\n"));
            CountDownLatch waiting = new CountDownLatch(1);
            BudgetedSource source = new BudgetedSource(budget, l -> stream(x, l), lines, wait -> {
                waiting.countDown();
                Thread.sleep(wait.toMillis());
            });
            List<String> ends = new ArrayList<>();
            SourceThread thread = new SourceThread("budgeted", source, new SourceThread.Listener() {
                @Override
                public void ended(Throwable failure) {
                    ends.add("ended " + failure);
                }

                @Override
                public void interrupted() {
                    ends.add("interrupted");
                }
            });
            thread.start();
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();

            assertThat(thread.stop(2000)).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(ends).containsExactly("interrupted");
            assertThat(PostBudget.open(state, 1, 1000, clock).today()).isEqualTo(1);
        }
    }

    private FilteredStreamSource stream(XStandIn x, LineConsumer l) {
        return new FilteredStreamSource(HttpClient.newHttpClient(), x.baseUrl(), credentials, List.of(StreamDefaults.DEFAULT_RULE),
                l, lines, d -> { }, Clock.systemUTC(), Duration.ofSeconds(5));
    }

    static String post() throws Exception {
        return Files.readAllLines(Path.of("../events/sample-stream.ndjson")).get(1);
    }

    private static void runUntil(BudgetedSource source, BooleanSupplier done) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        Thread thread = new Thread(() -> {
            try {
                source.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failures.add(e);
            }
        });
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        source.stop();
        thread.join(2000);
        assertThat(failures).isEmpty();
        assertThat(thread.isAlive()).as("the source still runs after stop()").isFalse();
        assertThat(done.getAsBoolean()).isTrue();
    }
}
