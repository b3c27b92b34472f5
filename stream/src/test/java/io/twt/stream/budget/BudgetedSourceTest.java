package io.twt.stream.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.stream.MutableClock;
import io.twt.stream.RecordingLines;
import io.twt.stream.RecordingSleeper;
import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetedSourceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T12:00:00Z"));
    private final RecordingLines lines = new RecordingLines(new Trimmer(InputFormat.AUTO));

    /** A source that hands the given lines on, then returns (unless stopped first). */
    private static final class Lines implements Source {
        private final List<String> input;
        private final LineConsumer consumer;
        private volatile boolean stopped;

        Lines(List<String> input, LineConsumer consumer) {
            this.input = input;
            this.consumer = consumer;
        }

        @Override
        public void run() throws InterruptedException {
            long n = 0;
            for (String line : input) {
                if (stopped) {
                    return;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                consumer.accept("test", ++n, bytes, bytes.length, false);
            }
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    private static String post() throws Exception {
        return Files.readAllLines(Path.of("../events/sample-stream.ndjson")).get(1);
    }

    @Test
    void keepAlivesControlMessagesAndComplianceNoticesAreNotCountedButPostsAndRejectedLinesAre() throws Exception {
        PostBudget budget = PostBudget.open(dir.resolve("b.json"), 100, 1000, clock);
        List<String> input = List.of(post(), "", "{\"limit\":{\"track\":3}}",
                "{\"delete\":{\"status\":{\"id_str\":\"1\",\"user_id_str\":\"2\"}}}", "not json", post());

        new BudgetedSource(budget, l -> new Lines(input, l), lines, new RecordingSleeper()).run();

        assertThat(lines.posts.sum()).isEqualTo(2);
        assertThat(lines.rejected.sum()).isEqualTo(1);
        assertThat(lines.control.sum()).isEqualTo(1);
        assertThat(lines.notices.sum()).isEqualTo(1);
        assertThat(budget.today()).isEqualTo(3);
    }

    @Test
    void aStreamThatEndsByItselfWithinTheBudgetEndsTheSourceAndTheCountsAreSaved() throws Exception {
        Path state = dir.resolve("b.json");
        PostBudget budget = PostBudget.open(state, 100, 1000, clock);
        AtomicInteger built = new AtomicInteger();
        RecordingSleeper sleeper = new RecordingSleeper();
        String post = post();

        new BudgetedSource(budget, l -> {
            built.incrementAndGet();
            return new Lines(List.of(post), l);
        }, lines, sleeper).run();

        assertThat(built).hasValue(1);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(PostBudget.open(state, 100, 1000, clock).today()).isEqualTo(1);
    }

    @Test
    void atTheCapTheStreamIsStoppedAndANewOneIsBuiltOnlyAfterTheWaitForTheNextDay() throws Exception {
        PostBudget budget = PostBudget.open(dir.resolve("b.json"), 2, 1000, clock);
        String post = post();
        AtomicInteger built = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();

        new BudgetedSource(budget, l -> built.incrementAndGet() == 1
                ? new Lines(List.of(post, post, post, post), l)
                : new Lines(List.of(post), l), lines, wait -> {
                    waits.add(wait);
                    clock.advance(wait);
                }).run();

        assertThat(waits).containsExactly(Duration.ofHours(12));
        assertThat(built).hasValue(2);
        assertThat(lines.posts.sum()).as("the stopped stream reads no third post").isEqualTo(3);
        assertThat(budget.today()).isEqualTo(1);
    }
}
