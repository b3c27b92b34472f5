package io.twt.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.io.Gzip;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** X's result lines are read as documented; a bad line is reported with its file, line and field, and the others are still read. */
class ComplianceResultReaderTest {

    @Test
    void theDocumentedLinesAreReadWithTheirTimes() throws IOException {
        ComplianceResult r = read(ComplianceKind.TWEETS,
                "{\"id\":\"1265324480517361664\",\"action\":\"delete\",\"created_at\":\"2019-10-29T17:02:47.000Z\","
                        + "\"redacted_at\":\"2020-07-29T17:02:47.000Z\",\"reason\":\"deleted\"}",
                "",
                "{\"id\":\"1263926741774581761\",\"action\":\"delete\",\"created_at\":\"2019-10-29T17:02:47.000Z\",\"reason\":\"scrub_geo\",\"new_key\":[1]}");

        assertThat(r.problems()).isEmpty();
        assertThat(r.lines()).isEqualTo(3);
        assertThat(r.events()).containsExactly(
                new ComplianceEvent(1, "1265324480517361664", "delete", "deleted", Instant.parse("2019-10-29T17:02:47Z"),
                        Instant.parse("2020-07-29T17:02:47Z")),
                new ComplianceEvent(3, "1263926741774581761", "delete", "scrub_geo", Instant.parse("2019-10-29T17:02:47Z"), null));
    }

    @Test
    void everyBadLineIsReportedWithItsLineAndFieldAndTheGoodOnesAreKept() throws IOException {
        String good = "{\"id\":\"7\",\"action\":\"delete\",\"created_at\":\"2019-10-29T17:02:47.000Z\",\"reason\":\"protected\"}";
        ComplianceResult r = read(ComplianceKind.TWEETS,
                "{\"id\":\"1\",\"action\":\"delete\"",                                         // 1
                "[1]",                                                                        // 2
                "{\"action\":\"delete\",\"reason\":\"deleted\"}",                             // 3
                "{\"id\":\"12a\",\"action\":\"delete\",\"reason\":\"deleted\"}",              // 4
                "{\"id\":\"2\",\"action\":\"keep\",\"reason\":\"deleted\"}",                  // 5
                "{\"id\":\"3\",\"action\":\"delete\",\"reason\":\"deactivated\"}",            // 6
                "{\"id\":\"4\",\"action\":\"delete\",\"reason\":\"deleted\",\"created_at\":\"yesterday\"}", // 7
                "{\"id\":5,\"action\":\"delete\",\"reason\":\"deleted\"}",                    // 8
                good,                                                                         // 9
                good.replace("protected", "deleted"));                                        // 10

        assertThat(r.events()).extracting(ComplianceEvent::lineNumber).containsExactly(9L);
        List<String> problems = r.problems().stream().map(Object::toString).collect(Collectors.toList());
        assertThat(problems.get(0)).startsWith("result.json:1: not JSON: Unexpected end-of-input");
        assertThat(problems.subList(1, problems.size())).containsExactly(
                "result.json:2: not a JSON object",
                "result.json:3: field id: id is missing",
                "result.json:4: field id: id 12a is not 1 to 19 digits",
                "result.json:5: field action: action keep is not one twt applies (X documents only delete)",
                "result.json:6: field reason: reason deactivated is for users, not tweets: is this a users result?",
                "result.json:7: field created_at: created_at yesterday is not an ISO-8601 UTC time such as 2026-03-01T12:00:00.000Z",
                "result.json:8: field id: id is not a string",
                "result.json:10: field id: id 7 is already on line 9; this line is skipped");
    }

    @Test
    void aGzipResultIsReadLikeAPlainOne() throws IOException {
        byte[] plain = "{\"id\":\"9\",\"action\":\"delete\",\"reason\":\"deactivated\"}\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = Gzip.fastOutput(gz)) {
            out.write(plain);
        }
        ComplianceResult r = new ComplianceResultReader(ComplianceKind.USERS).read("users.json.gz", new ByteArrayInputStream(gz.toByteArray()));

        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(ComplianceEvent::id).containsExactly("9");
    }

    private static ComplianceResult read(ComplianceKind kind, String... lines) throws IOException {
        return new ComplianceResultReader(kind).read("result.json",
                new ByteArrayInputStream(String.join("\n", List.of(lines)).getBytes(StandardCharsets.UTF_8)));
    }
}
