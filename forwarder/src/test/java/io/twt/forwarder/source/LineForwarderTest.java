package io.twt.forwarder.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.line.LineStage;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.Problem;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.stream.Sleeper;
import io.twt.stream.source.ReplaySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class LineForwarderTest {

    private static final Path SAMPLE = Path.of("../events/sample-stream.ndjson");

    private final ForwarderMetrics metrics = new ForwarderMetrics();
    private final RecordQueue queue = new RecordQueue(10_000, metrics);
    private final LineForwarder lines = new LineForwarder(new Trimmer(InputFormat.AUTO), queue, metrics);

    @Test
    void theSampleStreamIsCountedByFateAndEveryPostIsQueuedAsItsRecordAndANewline() throws Exception {
        new ReplaySource(SAMPLE, lines, 0, System::nanoTime, Sleeper.SYSTEM).run();

        assertThat(metrics.received.sum()).isEqualTo(369);
        assertThat(metrics.posts.sum()).isEqualTo(338);
        assertThat(metrics.notices.sum()).isEqualTo(7);
        assertThat(metrics.control.sum()).isEqualTo(5);
        assertThat(metrics.keepalive.sum()).isEqualTo(15);
        assertThat(metrics.rejected.sum()).isEqualTo(4);
        assertThat(metrics.rejectedFor(Problem.NOT_JSON)).isEqualTo(2);
        assertThat(queue.depth()).as("the posts and the compliance notices").isEqualTo(338 + 7);
        String firstPost = Files.readAllLines(SAMPLE).get(1);
        assertThat(new String(queue.poll(), StandardCharsets.UTF_8))
                .isEqualTo(new Trimmer(InputFormat.AUTO).trim(firstPost).jsonString() + "\n");
        List<String> rest = new ArrayList<>();
        for (byte[] r = queue.poll(); r != null; r = queue.poll()) {
            rest.add(new String(r, StandardCharsets.UTF_8));
        }
        assertThat(rest.stream().filter(r -> r.startsWith("{\"notice\":\"delete\",\"id\":\"")))
                .hasSize(7).allSatisfy(r -> assertThat(r).endsWith("\"}\n"));
    }

    @Test
    void aRecordOverFirehosesLimitAndALineOverTheLineLimitAreCountedAsRejectedAndNotQueued() throws Exception {
        byte[] big = ("{\"id\":\"1\",\"screenname\":\"a\",\"text\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(lines.accept("test", 1, big, big.length, false)).isNotNull();
        assertThat(lines.accept("test", 2, big, 100, true)).isNull();

        assertThat(metrics.received.sum()).isEqualTo(2);
        assertThat(metrics.rejectedFor(LineStage.RECORD_TOO_LARGE)).isEqualTo(1);
        assertThat(metrics.rejectedFor(Problem.LINE_TOO_LONG)).isEqualTo(1);
        assertThat(metrics.posts.sum()).isZero();
        assertThat(queue.depth()).isZero();
    }
}
