package io.twt.functions.validate;

import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;
import static io.twt.functions.validate.RecordLines.valid;
import static io.twt.functions.validate.RecordLines.with;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.metrics.EmfWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The handler driven by the sample events in {@code events/}, against an S3 stand-in; metrics read back from its output. */
class ValidateHandlerIT {

    private static final String BUCKET = "twt-sample-bucket";
    private static final String SAMPLE_KEY = "2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b.gz";
    private static final Instant NOW = Instant.parse("2026-03-01T12:05:14Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static S3StandIn s3;

    @TempDir
    Path tempDir;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ValidateHandler handler;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3StandIn.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void newHandler() {
        s3.objects(BUCKET).keySet().forEach(key -> s3.client().deleteObject(r -> r.bucket(BUCKET).key(key)));
        PrintStream stdout = new PrintStream(output, true, UTF_8);
        ValidateService service = new ValidateService(s3.client(), new ValidateSettings("raw/", tempDir));
        handler = new ValidateHandler(service, new ValidateMetrics(new EmfWriter(stdout, "twt", "ValidateFunction", Clock.fixed(NOW, ZoneOffset.UTC))), stdout);
    }

    private static S3Event event(String file) {
        return EventLoader.loadS3Event("events/" + file);
    }

    /** The EMF documents written so far. */
    private List<JsonNode> emf() {
        return Arrays.stream(output.toString(UTF_8).split("\n"))
                .filter(line -> line.startsWith("{"))
                .map(ValidateHandlerIT::parse)
                .filter(doc -> doc.has("_aws"))
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> metricNames(JsonNode doc) {
        return doc.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name");
    }

    @Test
    void sampleEventValidatesTheObjectAndWritesBothOutputs() {
        String raw = "raw/" + SAMPLE_KEY;
        s3.put(BUCKET, raw, gzip(utf8(valid(0, 40, "\n") + with("verified", "\"yes\"") + "\n" + with("id", "7") + "\n"
                + with("screenname", "\"\"") + "\n" + valid(40, 2, "\n"))));

        String result = handler.handleRequest(event("s3-object-created.json"), null);

        assertThat(result).isEqualTo("1 of 1 records validated");
        assertThat(s3.objects(BUCKET)).containsOnlyKeys(raw, "validated/" + SAMPLE_KEY, "quarantine/" + SAMPLE_KEY + ".jsonl.gz");
        assertThat(new String(s3.getGunzipped(BUCKET, "validated/" + SAMPLE_KEY), UTF_8)).isEqualTo(valid(0, 40, "\n") + valid(40, 2, "\n"));
        assertThat(new String(s3.getGunzipped(BUCKET, "quarantine/" + SAMPLE_KEY + ".jsonl.gz"), UTF_8).split("\n")).hasSize(3);

        List<JsonNode> emf = emf();
        assertThat(emf).hasSize(4);
        JsonNode object = emf.get(0);
        assertThat(object.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(object.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("twt");
        assertThat(object.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"FunctionName\"]]");
        assertThat(metricNames(object)).containsExactly("Objects", "RecordsValid", "RecordsQuarantined", "UnreadableObjects");
        assertThat(object.get("FunctionName").asText()).isEqualTo("ValidateFunction");
        assertThat(object.get("Bucket").asText()).isEqualTo(BUCKET);
        assertThat(object.get("Key").asText()).isEqualTo(raw);
        assertThat(object.get("Lines").asLong()).isEqualTo(45);
        assertThat(object.get("Objects").asLong()).isEqualTo(1);
        assertThat(object.get("RecordsValid").asLong()).isEqualTo(42);
        assertThat(object.get("RecordsQuarantined").asLong()).isEqualTo(3);
        assertThat(object.get("UnreadableObjects").asLong()).isZero();
        assertThat(emf.subList(1, 4)).allSatisfy(doc -> {
            assertThat(doc.at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[\"FunctionName\",\"Reason\"]]");
            assertThat(metricNames(doc)).containsExactly("RecordsQuarantined");
            assertThat(doc.get("Key").asText()).isEqualTo(raw);
        });
        assertThat(emf.subList(1, 4)).extracting(doc -> doc.get("Reason").asText() + "=" + doc.get("RecordsQuarantined").asLong())
                .containsExactly("empty_string=1", "invalid_boolean=1", "invalid_id=1");
    }

    @Test
    void urlEncodedKeyWithSpacesAndNonAsciiCharactersIsDecoded() {
        String raw = "raw/manual uploads/caf\u00e9 \ud83d\ude80 posts+1 (1).ndjson";
        s3.put(BUCKET, raw, utf8(valid(0, 3, "\r\n")));

        handler.handleRequest(event("s3-object-created-encoded-key.json"), null);

        assertThat(s3.objects(BUCKET)).containsOnlyKeys(raw, "validated/manual uploads/caf\u00e9 \ud83d\ude80 posts+1 (1).ndjson");
        assertThat(emf()).singleElement().satisfies(doc -> {
            assertThat(doc.get("Key").asText()).isEqualTo(raw);
            assertThat(doc.get("RecordsValid").asLong()).isEqualTo(3);
            assertThat(doc.get("RecordsQuarantined").asLong()).isZero();
        });
    }

    @Test
    void eventForAnObjectUnderValidatedIsIgnoredAndNothingIsWritten() {
        String validated = "validated/" + SAMPLE_KEY;
        s3.put(BUCKET, validated, gzip(utf8("[1]\n")));

        String result = handler.handleRequest(event("s3-object-created-validated.json"), null);

        assertThat(result).isEqualTo("0 of 1 records validated");
        assertThat(s3.objects(BUCKET)).containsOnlyKeys(validated);
        assertThat(emf()).isEmpty();
        assertThat(output.toString(UTF_8)).contains("ignored s3://" + BUCKET + "/" + validated + ": not under raw/");
    }

    @Test
    void eventOtherThanObjectCreatedIsIgnored() {
        s3.put(BUCKET, "raw/" + SAMPLE_KEY, utf8(valid(0, 2, "\n")));

        String result = handler.handleRequest(event("s3-object-removed.json"), null);

        assertThat(result).isEqualTo("0 of 1 records validated");
        assertThat(s3.objects(BUCKET)).containsOnlyKeys("raw/" + SAMPLE_KEY);
        assertThat(output.toString(UTF_8)).contains("ignored ObjectRemoved:Delete");
    }

    @Test
    void sameEventTwiceRewritesByteIdenticalOutputs() {
        s3.put(BUCKET, "raw/" + SAMPLE_KEY, gzip(utf8(valid(0, 500, "\n") + "not json\n" + valid(500, 500, "\n"))));
        handler.handleRequest(event("s3-object-created.json"), null);
        Map<String, byte[]> first = s3.objects(BUCKET);

        handler.handleRequest(event("s3-object-created.json"), null);

        Map<String, byte[]> second = s3.objects(BUCKET);
        assertThat(second).hasSize(3);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        second.forEach((key, content) -> assertThat(content).as(key).isEqualTo(first.get(key)));
        assertThat(emf()).hasSize(4).filteredOn(doc -> doc.has("Objects"))
                .allSatisfy(doc -> assertThat(doc.get("RecordsValid").asLong()).isEqualTo(1000));
    }

    @Test
    void missingObjectFailsTheEventOnlyAfterTheOtherRecordIsDone() {
        S3Event event = event("s3-object-created-two-records.json");
        String missing = event.getRecords().get(0).getS3().getObject().getUrlDecodedKey();
        String present = event.getRecords().get(1).getS3().getObject().getUrlDecodedKey();
        s3.put(BUCKET, present, gzip(utf8(valid(0, 5, "\n"))));

        assertThatThrownBy(() -> handler.handleRequest(event, null))
                .isInstanceOf(FailedObjectsException.class)
                .hasMessageStartingWith("1 of 2 objects failed: s3://" + BUCKET + "/" + missing)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(NoSuchKeyException.class));

        assertThat(s3.objects(BUCKET)).containsOnlyKeys(present, present.replaceFirst("^raw/", "validated/"));
        List<JsonNode> emf = emf();
        assertThat(emf).hasSize(2);
        assertThat(metricNames(emf.get(0))).containsExactly("FailedObjects");
        assertThat(emf.get(0).get("Key").asText()).isEqualTo(missing);
        assertThat(emf.get(0).get("FailedObjects").asLong()).isEqualTo(1);
        assertThat(emf.get(1).get("Key").asText()).isEqualTo(present);
        assertThat(emf.get(1).get("RecordsValid").asLong()).isEqualTo(5);
    }

    @Test
    void unreadableObjectIsCountedInTheMetrics() {
        byte[] full = gzip(utf8(valid(0, 1000, "\n")));
        s3.put(BUCKET, "raw/" + SAMPLE_KEY, Arrays.copyOf(full, full.length - 100));

        handler.handleRequest(event("s3-object-created.json"), null);

        assertThat(emf()).singleElement().satisfies(doc -> {
            assertThat(doc.get("UnreadableObjects").asLong()).isEqualTo(1);
            assertThat(doc.get("Unreadable").asText()).startsWith("gzip data unreadable");
            assertThat(doc.get("RecordsValid").asLong() + doc.get("RecordsQuarantined").asLong()).isEqualTo(doc.get("Lines").asLong());
        });
        assertThat(s3.objects(BUCKET)).containsKey("quarantine/" + SAMPLE_KEY + ".jsonl.gz");
    }
}
