package io.twt.functions.validate;

import static io.twt.core.io.TestBytes.concat;
import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;
import static io.twt.functions.validate.RecordLines.valid;
import static io.twt.functions.validate.RecordLines.with;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The service against an S3 stand-in, through the real S3 client: one raw object at a time, exact counts. */
class ValidateServiceIT {

    private static final String KEY = "2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e.gz";
    private static final String RAW = "raw/" + KEY;
    private static final String VALIDATED = "validated/" + KEY;
    private static final String QUARANTINE = "quarantine/" + KEY + ".jsonl.gz";
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3StandIn s3;

    @TempDir
    Path tempDir;
    private String bucket;
    private ValidateService service;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3StandIn.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "twt-service-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        service = new ValidateService(s3.client(), new ValidateSettings("raw/", tempDir));
    }

    @AfterEach
    void noTempFileIsLeftBehind() {
        assertThat(tempDir).isEmptyDirectory();
    }

    private ObjectReport validate(byte[] raw) throws IOException {
        s3.put(bucket, RAW, raw);
        ObjectOutcome outcome = service.validate(new S3ObjectId(bucket, RAW));
        assertThat(outcome).isInstanceOf(ObjectOutcome.Validated.class);
        ObjectReport report = ((ObjectOutcome.Validated) outcome).report();
        assertThat(report.valid() + report.invalid()).as("valid + invalid = lines").isEqualTo(report.lines());
        assertThat(s3.get(bucket, RAW)).as("the raw object stays as it was").isEqualTo(raw);
        return report;
    }

    private String validatedText() {
        return new String(s3.getGunzipped(bucket, VALIDATED), UTF_8);
    }

    private List<Map<String, Object>> quarantineEntries() {
        String text = new String(s3.getGunzipped(bucket, QUARANTINE), UTF_8);
        assertThat(text).endsWith("\n");
        return Arrays.stream(text.split("\n")).map(ValidateServiceIT::parse).toList();
    }

    private static Map<String, Object> parse(String line) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = MAPPER.readValue(line, Map.class);
            return entry;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertOutputs(String... keys) {
        List<String> expected = new ArrayList<>(List.of(keys));
        expected.add(RAW);
        assertThat(s3.objects(bucket).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void emptyObjectHasNoLinesAndWritesNothing() throws IOException {
        ObjectReport report = validate(new byte[0]);

        assertThat(report.lines()).isZero();
        assertThat(report.unreadable()).isNull();
        assertOutputs();
    }

    @Test
    void gzipObjectOfValidLinesGoesToValidatedUnchangedAndNoQuarantineIsWritten() throws IOException {
        String lines = valid(0, 250, "\n");

        ObjectReport report = validate(gzip(utf8(lines)));

        assertThat(report.lines()).isEqualTo(250);
        assertThat(report.valid()).isEqualTo(250);
        assertThat(validatedText()).isEqualTo(lines);
        assertOutputs(VALIDATED);
    }

    @Test
    void crlfLineEndsAndALeadingBomAreAccepted() throws IOException {
        ObjectReport report = validate(concat(BOM, utf8(valid(0, 3, "\r\n"))));

        assertThat(report.lines()).isEqualTo(3);
        assertThat(report.valid()).isEqualTo(3);
        assertThat(validatedText()).isEqualTo(valid(0, 3, "\n"));
        assertOutputs(VALIDATED);
    }

    @Test
    void lineOverOneMebibyteIsQuarantinedWithAnEightKibibyteSample() throws IOException {
        String huge = with("text", "\"" + "x".repeat(ObjectValidator.MAX_LINE_BYTES) + "\"");

        ObjectReport report = validate(utf8(valid(0) + "\n" + huge + "\n" + valid(2) + "\n"));

        assertThat(report.lines()).isEqualTo(3);
        assertThat(report.valid()).isEqualTo(2);
        assertThat(report.invalidByReason()).containsExactly(entry("line_too_long", 1L));
        Map<String, Object> entry = quarantineEntries().get(0);
        assertThat(entry).containsEntry("line", 2).containsEntry("reason", "line_too_long").containsEntry("field", null);
        assertThat((String) entry.get("raw")).hasSize(ObjectValidator.RAW_SAMPLE_BYTES).isEqualTo(huge.substring(0, ObjectValidator.RAW_SAMPLE_BYTES));
        assertThat(validatedText()).isEqualTo(valid(0) + "\n" + valid(2) + "\n");
    }

    @Test
    void invalidUtf8IsQuarantinedAndTheLinesAroundItAreKept() throws IOException {
        String[] halves = with("text", "\"caf@\"").split("@");
        byte[] latin1 = concat(utf8(halves[0]), new byte[] {(byte) 0xe9}, utf8(halves[1]));

        ObjectReport report = validate(concat(utf8(valid(0) + "\n"), latin1, utf8("\n" + valid(2) + "\n")));

        assertThat(report.lines()).isEqualTo(3);
        assertThat(report.valid()).isEqualTo(2);
        assertThat(report.invalidByReason()).containsExactly(entry("invalid_utf8", 1L));
        assertThat(quarantineEntries()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("line", 2).containsEntry("reason", "invalid_utf8").containsEntry("raw", halves[0] + "\ufffd" + halves[1]));
    }

    @Test
    void truncatedGzipKeepsTheLinesBeforeTheCutAndQuarantinesTheRestAsUnreadable() throws IOException {
        byte[] full = gzip(utf8(valid(0, 2000, "\n")));
        byte[] cut = Arrays.copyOf(full, full.length / 2);

        ObjectReport report = validate(cut);

        assertThat(report.unreadable()).startsWith("gzip data unreadable after " + report.lines() + " lines");
        assertThat(report.lines()).isBetween(500L, 1500L);
        assertThat(report.valid()).isEqualTo(report.lines());
        assertThat(validatedText()).isEqualTo(valid(0, (int) report.lines(), "\n"));
        assertThat(quarantineEntries()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("line", (int) report.lines() + 1).containsEntry("reason", "unreadable_object"));
        assertOutputs(VALIDATED, QUARANTINE);
    }

    @Test
    void binaryObjectIsJudgedLineByLineAndEveryLineIsQuarantinedWithItsReason() throws IOException {
        byte[] binary = new byte[100_000];
        new Random(7).nextBytes(binary);
        binary[0] = 'P';
        binary[100] = 0;
        long newlines = 0;
        for (byte b : binary) {
            newlines += b == '\n' ? 1 : 0;
        }

        ObjectReport report = validate(binary);

        assertThat(report.unreadable()).isNull();
        assertThat(report.valid()).isZero();
        assertThat(report.lines()).isBetween(newlines, newlines + 1);
        assertThat(quarantineEntries()).hasSize((int) report.lines()).allSatisfy(e -> assertThat(e)
                .containsKey("reason").doesNotContainEntry("reason", "unreadable_object"));
        assertThat(quarantineEntries().get(0)).containsEntry("line", 1);
        assertOutputs(QUARANTINE);
    }

    @Test
    void everyRecordRuleQuarantinesItsLineWithItsReasonAndField() throws IOException {
        List<String> bad = List.of(
                "{\"id\":\"1\",",
                "[1,2]",
                "   ",
                with("text", null),
                with("id", "1896215732465139712"),
                with("user_id", "\"u1\""),
                with("created_at", "\"Sun Mar 01 12:00:09 +0000 2026\""),
                with("screenname", "\"\""),
                with("username", "42"),
                with("user_followers_count", "-1"),
                with("verified", "\"yes\""));
        String object = valid(0) + "\n" + String.join("\n", bad) + "\n" + valid(1) + "\n";

        ObjectReport report = validate(gzip(utf8(object)));

        assertThat(report.lines()).isEqualTo(13);
        assertThat(report.valid()).isEqualTo(2);
        assertThat(report.invalid()).isEqualTo(11);
        assertThat(report.invalidByReason()).containsOnly(
                entry("not_json", 1L), entry("not_object", 1L), entry("blank_line", 1L), entry("missing_field", 1L),
                entry("invalid_id", 2L), entry("invalid_timestamp", 1L), entry("empty_string", 1L), entry("not_string", 1L),
                entry("invalid_count", 1L), entry("invalid_boolean", 1L));
        assertThat(quarantineEntries()).extracting(e -> e.get("line"), e -> e.get("reason"), e -> e.get("field"), e -> e.get("raw"))
                .containsExactly(
                        tuple(2, "not_json", null, bad.get(0)),
                        tuple(3, "not_object", null, bad.get(1)),
                        tuple(4, "blank_line", null, bad.get(2)),
                        tuple(5, "missing_field", "text", bad.get(3)),
                        tuple(6, "invalid_id", "id", bad.get(4)),
                        tuple(7, "invalid_id", "user_id", bad.get(5)),
                        tuple(8, "invalid_timestamp", "created_at", bad.get(6)),
                        tuple(9, "empty_string", "screenname", bad.get(7)),
                        tuple(10, "not_string", "username", bad.get(8)),
                        tuple(11, "invalid_count", "user_followers_count", bad.get(9)),
                        tuple(12, "invalid_boolean", "verified", bad.get(10)));
        assertThat(validatedText()).isEqualTo(valid(0) + "\n" + valid(1) + "\n");
    }

    @Test
    void objectOfOnlyBadLinesWritesNoValidatedObject() throws IOException {
        ObjectReport report = validate(utf8("[1]\n" + with("verified", "1") + "\n"));

        assertThat(report.lines()).isEqualTo(2);
        assertThat(report.valid()).isZero();
        assertThat(quarantineEntries()).hasSize(2);
        assertOutputs(QUARANTINE);
    }

    @Test
    void outputsAreByteIdenticalWhenTheSameObjectIsValidatedAgain() throws IOException {
        byte[] raw = gzip(utf8(valid(0, 100, "\n") + "[1]\n" + valid(100, 100, "\r\n")));
        validate(raw);
        Map<String, byte[]> first = s3.objects(bucket);

        validate(raw);

        Map<String, byte[]> second = s3.objects(bucket);
        assertThat(second.keySet()).containsExactlyInAnyOrder(RAW, VALIDATED, QUARANTINE);
        second.forEach((key, content) -> assertThat(content).as(key).isEqualTo(first.get(key)));
    }

    @Test
    void anOutputTheNewContentNoLongerGivesIsDeleted() throws IOException {
        validate(utf8(valid(0) + "\n[1]\n"));
        assertOutputs(VALIDATED, QUARANTINE);

        validate(utf8(valid(0) + "\n"));
        assertOutputs(VALIDATED);

        validate(utf8("[1]\n"));
        assertOutputs(QUARANTINE);
    }

    @Test
    void keyOutsideTheRawPrefixIsSkippedWithoutReadingIt() throws IOException {
        S3ObjectId notRaw = new S3ObjectId(bucket, VALIDATED);

        assertThat(service.validate(notRaw)).isEqualTo(new ObjectOutcome.Skipped(notRaw, "not under raw/"));
        assertThat(s3.objects(bucket)).isEmpty();
    }

    @Test
    void missingObjectThrowsAndWritesNothing() {
        assertThatThrownBy(() -> service.validate(new S3ObjectId(bucket, RAW))).isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.objects(bucket)).isEmpty();
    }

    @Test
    void validateAllGoesOnAfterAFailureAndReportsIt() {
        String other = "raw/other.ndjson";
        s3.put(bucket, other, utf8(valid(0, 2, "\n")));

        List<ObjectOutcome> outcomes = service.validateAll(List.of(new S3ObjectId(bucket, RAW), new S3ObjectId(bucket, other)));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(ObjectOutcome.Failed.class,
                f -> assertThat(f.error()).isInstanceOf(NoSuchKeyException.class));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(ObjectOutcome.Validated.class,
                v -> assertThat(v.report().valid()).isEqualTo(2));
        assertThat(s3.objects(bucket)).containsOnlyKeys(other, "validated/other.ndjson");
    }
}
