package io.twt.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.io.Gzip;
import io.twt.core.object.MemoryObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored objects lose exactly the lines of removed posts and users, whatever shape the line has, and keep the rest as they were. */
class ComplianceObjectsTest {

    @TempDir
    Path temp;

    private final MemoryObjectStore store = new MemoryObjectStore();

    @Test
    void aPostIsRemovedAsARecordAsAQuarantineEntryAndAsTextThatIsNotJson() throws IOException {
        store.put("validated/a.gz", gzip(
                "{\"id\":\"11\",\"screenname\":\"ada\",\"user_id\":\"1\"}",
                "{\"id\":\"12\",\"screenname\":\"ada\",\"user_id\":\"1\"}"));
        store.put("quarantine/a.gz.jsonl.gz", gzip(
                "{\"line\":3,\"reason\":\"invalid_count\",\"field\":\"x\",\"message\":\"m\",\"raw\":\"{\\\"id\\\":\\\"11\\\",\\\"x\\\":-1}\"}",
                "{\"line\":4,\"reason\":\"not_json\",\"field\":null,\"message\":\"m\",\"raw\":\"{\\\"id\\\":\\\"11\\\",\\\"text\\\":\\\"cut sh\"}",
                "{\"line\":5,\"reason\":\"invalid_count\",\"field\":\"x\",\"message\":\"m\",\"raw\":\"{\\\"id\\\":\\\"13\\\"}\"}"));
        store.put("raw/a.gz", gzip("{\"id\":\"11\",\"text\":\"cut sh", "not json at all"));
        ComplianceObjects objects = new ComplianceObjects(store, temp, outcome(Set.of("11"), Set.of(), Set.of()));

        assertThat(objects.rewrite("validated/a.gz")).isEqualTo(1);
        assertThat(objects.rewrite("quarantine/a.gz.jsonl.gz")).isEqualTo(2);
        assertThat(objects.rewrite("raw/a.gz")).isEqualTo(1);

        assertThat(lines("validated/a.gz")).containsExactly("{\"id\":\"12\",\"screenname\":\"ada\",\"user_id\":\"1\"}");
        assertThat(lines("quarantine/a.gz.jsonl.gz")).hasSize(1).allMatch(l -> l.contains("\"line\":5"));
        assertThat(lines("raw/a.gz")).containsExactly("not json at all");
    }

    @Test
    void aUserIsRemovedByUserIdAndByScreenNameOnlyWhereTheRecordHasNoUserId() throws IOException {
        store.put("validated/b.gz", gzip(
                "{\"id\":\"21\",\"screenname\":\"bob\",\"user_id\":\"2\"}",
                "{\"id\":\"22\",\"screenname\":\"bob\"}",
                "{\"id\":\"23\",\"screenname\":\"bob\",\"user_id\":\"9\"}",
                "{\"id\":\"24\",\"screenname\":\"cy\",\"user_id\":\"3\"}"));
        ComplianceObjects objects = new ComplianceObjects(store, temp, outcome(Set.of("21"), Set.of("2"), Set.of("bob")));

        assertThat(objects.rewrite("validated/b.gz")).isEqualTo(2);

        assertThat(lines("validated/b.gz")).containsExactly(
                "{\"id\":\"23\",\"screenname\":\"bob\",\"user_id\":\"9\"}",
                "{\"id\":\"24\",\"screenname\":\"cy\",\"user_id\":\"3\"}");
    }

    @Test
    void anObjectWithNothingToRemoveIsNotWritten() throws IOException {
        byte[] content = gzip("{\"id\":\"31\"}");
        store.put("validated/c.gz", content);
        store.failWritesTo("validated/c.gz");

        assertThat(new ComplianceObjects(store, temp, outcome(Set.of("99"), Set.of(), Set.of())).rewrite("validated/c.gz")).isZero();
        assertThat(store.get("validated/c.gz")).isEqualTo(content);
        assertThat(temp).isEmptyDirectory();
    }

    private static ComplianceApplier.Outcome outcome(Set<String> posts, Set<String> users, Set<String> screenNames) {
        return new ComplianceApplier.Outcome(Map.of(), 0, posts, users, screenNames);
    }

    private static byte[] gzip(String... lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = Gzip.fastOutput(bytes)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private List<String> lines(String key) throws IOException {
        try (InputStream in = Gzip.decompressIfGzip(new ByteArrayInputStream(store.get(key)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
