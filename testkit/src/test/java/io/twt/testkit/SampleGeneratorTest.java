package io.twt.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generator the tests and the benchmarks share: deterministic, and its renderings agree with its records. */
class SampleGeneratorTest {

    @Test
    void theSameSeedMakesTheSameStreamAndAnotherSeedAnother() {
        assertThat(new SampleGenerator(7, 10, SampleGenerator.SAMPLE_START).sampleStream(100))
                .isEqualTo(new SampleGenerator(7, 10, SampleGenerator.SAMPLE_START).sampleStream(100))
                .isNotEqualTo(new SampleGenerator(8, 10, SampleGenerator.SAMPLE_START).sampleStream(100));
    }

    @Test
    void bothRenderingsOfAPostTrimToTheRecordItWasMadeFrom() {
        SampleGenerator gen = new SampleGenerator(3, 20, SampleGenerator.SAMPLE_START);
        Trimmer trimmer = new Trimmer(InputFormat.AUTO);
        for (int i = 0; i < 500; i++) {
            SampleGenerator.Post p = gen.next();
            String record = SampleGenerator.trimmed(p);
            for (String line : new String[] {gen.v1(p), gen.v2(p)}) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                TrimResult r = trimmer.trim(bytes, 0, bytes.length);
                assertThat(r.kind()).as(line).isEqualTo(TrimResult.Kind.POST);
                assertThat(new String(r.json(), StandardCharsets.UTF_8)).as(line).isEqualTo(record);
            }
        }
    }
}
