package io.twt.core.object;

import static io.twt.core.io.TestBytes.utf8;
import static io.twt.core.object.SplitSamples.OUTPUTS;
import static io.twt.core.object.SplitSamples.RAW_KEY;
import static io.twt.core.object.SplitSamples.valid;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.twt.core.validate.ObjectReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectSplitTest {

    private static final byte[] STALE = utf8("from an earlier version of the raw object");

    @TempDir
    Path dir;
    private Path tempDir;
    private final MemoryObjectStore store = new MemoryObjectStore();
    private ObjectSplit split;

    @BeforeEach
    void newSplit() {
        tempDir = dir.resolve("not/yet/there");
        split = new ObjectSplit(store, tempDir);
    }

    @AfterEach
    void noTempFileIsLeftBehind() {
        assertThat(tempDir).isEmptyDirectory();
    }

    private ObjectReport split(byte[] raw) throws IOException {
        store.put(RAW_KEY, raw);
        ObjectReport report = split.split(RAW_KEY, OUTPUTS);
        assertThat(store.get(RAW_KEY)).as("the raw object stays as it was").isEqualTo(raw);
        return report;
    }

    private void leaveStaleOutputs() {
        store.put(OUTPUTS.validated(), STALE);
        store.put(OUTPUTS.quarantine(), STALE);
    }

    private String gunzipped(String key) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(store.get(key)))) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzipAt(int level, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(utf8(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void validLinesGoToTheValidatedKeyAndEachBadLineToTheQuarantineKey() throws IOException {
        ObjectReport report = split(SplitSamples.mixed());

        assertThat(report.lines()).isEqualTo(303);
        assertThat(report.valid()).isEqualTo(300);
        assertThat(report.invalidByReason()).containsOnly(entry("not_object", 1L), entry("not_json", 1L), entry("blank_line", 1L));
        assertThat(store.objects()).containsOnlyKeys(RAW_KEY,
                "validated/2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e.gz",
                "quarantine/2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e.gz.jsonl.gz");
        assertThat(gunzipped(OUTPUTS.validated())).isEqualTo(valid(0, 300));
        assertThat(gunzipped(OUTPUTS.quarantine()).split("\n")).hasSize(3)
                .allSatisfy(entry -> assertThat(entry).startsWith("{\"line\":"))
                .satisfies(entries -> assertThat(entries[0]).contains("\"line\":101", "\"reason\":\"not_object\""));
    }

    @Test
    void bothOutputsAreGzipAtTheFastestLevel() throws IOException {
        split(SplitSamples.mixed());

        byte[] validated = store.get(OUTPUTS.validated());
        assertThat(validated).isEqualTo(gzipAt(Deflater.BEST_SPEED, valid(0, 300)))
                .isNotEqualTo(gzipAt(Deflater.DEFAULT_COMPRESSION, valid(0, 300)));
        assertThat(store.get(OUTPUTS.quarantine())).isEqualTo(gzipAt(ObjectSplit.GZIP_LEVEL, gunzipped(OUTPUTS.quarantine())));
    }

    @Test
    void splittingTheSameObjectAgainRewritesByteIdenticalOutputs() throws IOException {
        split(SplitSamples.mixed());
        Map<String, byte[]> first = store.objects();

        split(SplitSamples.mixed());

        assertThat(store.objects()).containsOnlyKeys(first.keySet())
                .allSatisfy((key, content) -> assertThat(content).as(key).isEqualTo(first.get(key)));
    }

    @Test
    void anObjectOfOnlyValidLinesHasNoQuarantineAndAnEarlierOneIsDeleted() throws IOException {
        leaveStaleOutputs();

        ObjectReport report = split(utf8(valid(0, 3)));

        assertThat(report.valid()).isEqualTo(3);
        assertThat(store.objects()).containsOnlyKeys(RAW_KEY, OUTPUTS.validated());
        assertThat(gunzipped(OUTPUTS.validated())).isEqualTo(valid(0, 3));
    }

    @Test
    void anObjectOfOnlyBadLinesHasNoValidatedOutputAndAnEarlierOneIsDeleted() throws IOException {
        leaveStaleOutputs();

        ObjectReport report = split(utf8("[1]\n[2]\n"));

        assertThat(report.invalid()).isEqualTo(2);
        assertThat(store.objects()).containsOnlyKeys(RAW_KEY, OUTPUTS.quarantine());
        assertThat(gunzipped(OUTPUTS.quarantine()).split("\n")).hasSize(2);
    }

    @Test
    void anEmptyObjectHasNoOutputsAndEarlierOnesAreDeleted() throws IOException {
        leaveStaleOutputs();

        ObjectReport report = split(new byte[0]);

        assertThat(report.lines()).isZero();
        assertThat(store.objects()).containsOnlyKeys(RAW_KEY);
    }

    @Test
    void anUnreadableTailIsQuarantinedEvenWhenEveryLineReadWasValid() throws IOException {
        ObjectReport report = split(SplitSamples.truncated());

        assertThat(report.invalid()).isZero();
        assertThat(report.unreadable()).startsWith("gzip data unreadable after " + report.valid() + " lines");
        assertThat(gunzipped(OUTPUTS.validated())).isEqualTo(valid(0, (int) report.valid()));
        assertThat(gunzipped(OUTPUTS.quarantine())).contains("\"reason\":\"unreadable_object\"");
    }

    @Test
    void aReadThatFailsPartWayPublishesNothingAndLeavesEarlierOutputsAsTheyWere() {
        leaveStaleOutputs();
        store.put(RAW_KEY, utf8(valid(0, 1000) + "[1]\n"));
        store.failReadsOf(RAW_KEY, 100_000);

        assertThatThrownBy(() -> split.split(RAW_KEY, OUTPUTS)).isInstanceOf(IOException.class).hasMessageContaining("broke");

        assertThat(store.objects()).containsOnlyKeys(RAW_KEY, OUTPUTS.validated(), OUTPUTS.quarantine());
        assertThat(store.get(OUTPUTS.validated())).isEqualTo(STALE);
        assertThat(store.get(OUTPUTS.quarantine())).isEqualTo(STALE);
    }

    @Test
    void aMissingObjectIsThrownAndNothingIsWritten() {
        assertThatThrownBy(() -> split.split(RAW_KEY, OUTPUTS)).isInstanceOf(NoSuchFileException.class);

        assertThat(store.objects()).isEmpty();
    }

    @Test
    void aFailingWriteOfTheValidatedOutputIsThrownBeforeTheQuarantineIsWritten() {
        store.put(RAW_KEY, SplitSamples.mixed());
        store.failWritesTo(OUTPUTS.validated());

        assertThatThrownBy(() -> split.split(RAW_KEY, OUTPUTS)).isInstanceOf(IOException.class).hasMessageContaining(OUTPUTS.validated());

        assertThat(store.objects()).containsOnlyKeys(RAW_KEY);
    }

    @Test
    void aFailingWriteOfTheQuarantineIsThrownAfterTheValidatedOutputIsPublished() throws IOException {
        store.put(RAW_KEY, SplitSamples.mixed());
        store.failWritesTo(OUTPUTS.quarantine());

        assertThatThrownBy(() -> split.split(RAW_KEY, OUTPUTS)).isInstanceOf(IOException.class).hasMessageContaining(OUTPUTS.quarantine());

        assertThat(store.objects()).containsOnlyKeys(RAW_KEY, OUTPUTS.validated());
        assertThat(gunzipped(OUTPUTS.validated())).isEqualTo(valid(0, 300));
    }
}
