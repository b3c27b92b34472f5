package io.twt.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.object.OutputKeys;
import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import io.twt.functions.validate.ValidateSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeObjectTest {

    private static final SmokeObject OBJECT = SmokeObject.at(Instant.parse("2026-03-01T12:00:09.123Z"), "a1b2c3d4");

    @Test
    void theRawObjectIsUnderRawSmokeAndItsTimeToTheSecond() {
        assertThat(OBJECT.rawKey()).isEqualTo("raw/smoke/20260301T120009Z/twt-smoke-a1b2c3d4.ndjson.gz");
    }

    /** The keys the smoke test waits for are the ones the deployed Validate function (RAW_PREFIX raw/, as in template.yaml) writes. */
    @Test
    void theOutputKeysAreTheValidateFunctions() {
        OutputKeys outputs = ValidateSettings.fromEnvironment(Map.of("RAW_PREFIX", SmokeObject.RAW_PREFIX))
                .outputKeysFor(OBJECT.rawKey()).orElseThrow();
        assertThat(OBJECT.validatedKey()).isEqualTo(outputs.validated());
        assertThat(OBJECT.quarantineKey()).isEqualTo(outputs.quarantine());
    }

    @Test
    void allButTheLastRecordPassTheRecordRulesAndTheLastBreaksTheIdRule() {
        RecordValidator rules = new RecordValidator();
        List<String> lines = SmokeObject.lines();
        assertThat(lines.subList(0, SmokeObject.VALID_RECORDS)).allSatisfy(line -> assertThat(rules.check(line)).as(line).isNull());
        Problem problem = rules.check(lines.get(lines.size() - 1));
        assertThat(problem).isNotNull();
        assertThat(problem.code()).isEqualTo(SmokeObject.INVALID_REASON);
        assertThat(lines).hasSize(SmokeObject.VALID_RECORDS + 1);
    }
}
