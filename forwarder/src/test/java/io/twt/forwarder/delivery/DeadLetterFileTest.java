package io.twt.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {

    @TempDir
    Path dir;

    private static List<byte[]> records(String... lines) {
        return Arrays.stream(lines).map(l -> (l + "\n").getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void closingASegmentRenamesItAndTheNextAppendStartsANewOne() throws Exception {
        DeadLetterFile file = new DeadLetterFile(dir.resolve("sub/dlq.ndjson"));
        file.append(records("a", "b"), "test");

        Path closed = file.closeSegment("host-1").orElseThrow();
        file.append(records("c"), "test");

        assertThat(closed).isEqualTo(dir.resolve("sub/dlq.ndjson.host-1.closed")).hasContent("a\nb\n");
        assertThat(file.segmentName(closed)).isEqualTo("host-1");
        assertThat(file.path()).hasContent("c\n");
        assertThat(file.closedSegments()).containsExactly(closed);
    }

    /** The rename would replace the closed segment already there: a lost dead letter. */
    @Test
    void aSegmentClosedUnderANameAlreadyTakenKeepsBothWithTheirRecords() throws Exception {
        DeadLetterFile file = new DeadLetterFile(dir.resolve("dlq.ndjson"));
        file.append(records("a"), "test");
        Path first = file.closeSegment("host-1").orElseThrow();
        file.append(records("b"), "test");
        Path second = file.closeSegment("host-1").orElseThrow();

        assertThat(first).hasContent("a\n");
        assertThat(second).isNotEqualTo(first).hasContent("b\n");
        file.append(records("c"), "test");
        Path third = file.closeSegment("host-1").orElseThrow();

        assertThat(file.segmentName(second)).isEqualTo("host-1-1");
        assertThat(file.segmentName(third)).isEqualTo("host-1-2");
        assertThat(third).hasContent("c\n");
        assertThat(file.closedSegments()).containsExactlyInAnyOrder(first, second, third);
    }

    @Test
    void anEmptyOrMissingCurrentSegmentIsNotClosed() throws Exception {
        DeadLetterFile file = new DeadLetterFile(dir.resolve("dlq.ndjson"));
        assertThat(file.closeSegment("host-1")).isEmpty();
        Files.createFile(file.path());
        assertThat(file.closeSegment("host-2")).isEmpty();
        assertThat(file.closedSegments()).isEmpty();
    }

    @Test
    void closedSegmentsAreOnlyThisFilesInNameOrder() throws Exception {
        DeadLetterFile file = new DeadLetterFile(dir.resolve("dlq.ndjson"));
        for (String name : List.of("dlq.ndjson.b-2.closed", "dlq.ndjson.a-1.closed", "dlq.ndjson.closed", "dlq.ndjson..closed", "other.ndjson.a-1.closed",
                "dlq.ndjson.c-3.closed.tmp")) {
            Files.writeString(dir.resolve(name), "x\n");
        }
        assertThat(file.closedSegments()).containsExactly(dir.resolve("dlq.ndjson.a-1.closed"), dir.resolve("dlq.ndjson.b-2.closed"));
    }
}
