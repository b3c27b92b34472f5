package io.twt.core.trim;

import static io.twt.core.record.TestJson.fixtureLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.twt.core.validate.Problem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of the format names and the effect of forcing a format on the trimmer (spec point 7). */
class InputFormatTest {

    @Nested
    class Parse {

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "auto|AUTO", "AUTO|AUTO", "Auto|AUTO", "v1|V1", "V1|V1", "v2|V2", "V2|V2", "trimmed|TRIMMED", "TRIMMED|TRIMMED",
            " v2 |V2"
        })
        void acceptsEveryFormatInAnyCase(String text, InputFormat expected) {
            assertThat(InputFormat.parse(text)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"v3", "", "json", "v1.1", "trim"})
        void rejectsUnknownNamesWithAMessageNamingTheValueAndTheChoices(String bad) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> InputFormat.parse(bad))
                    .withMessageContaining("'" + bad + "'")
                    .withMessageContaining("auto")
                    .withMessageContaining("v1")
                    .withMessageContaining("v2")
                    .withMessageContaining("trimmed");
        }
    }

    @Nested
    class Forcing {

        private final String v1Status = fixtureLine("v1-extended-status.json");
        private final String v2Post = fixtureLine("v2-post.json");
        private final String v2Errors = "{\"errors\":[{\"title\":\"operational-disconnect\",\"type\":\"https://api.twitter.com/2/problems/operational-disconnect\"}]}";

        @Test
        void trimmerReportsItsFormat() {
            assertThat(new Trimmer(InputFormat.V2).format()).isEqualTo(InputFormat.V2);
        }

        @Test
        void forcedFormatsTrimTheirOwnPayloadsLikeAuto() {
            Trimmer auto = new Trimmer(InputFormat.AUTO);

            assertThat(new Trimmer(InputFormat.V1).trim(v1Status).jsonString()).isEqualTo(auto.trim(v1Status).jsonString());
            assertThat(new Trimmer(InputFormat.V2).trim(v2Post).jsonString()).isEqualTo(auto.trim(v2Post).jsonString());
        }

        @Test
        void v1OnAV2LineIsRejectedNotAPost() {
            // A v2 line has no top-level id nor user: as a v1.1 status it is unusable.
            Problem p = Trim.rejected(new Trimmer(InputFormat.V1).trim(v2Post));

            assertThat(p.code()).isIn(Problem.NO_ID, Problem.NO_AUTHOR, Problem.UNRECOGNISED);
        }

        @Test
        void v1OnAV2ErrorsLineIsNotAPost() {
            TrimResult r = new Trimmer(InputFormat.V1).trim(v2Errors);

            assertThat(r.kind()).isIn(TrimResult.Kind.REJECTED, TrimResult.Kind.CONTROL);
        }

        @Test
        void v2OnAV1StatusIsRejectedForLackOfData() {
            Problem p = Trim.rejected(new Trimmer(InputFormat.V2).trim(v1Status));

            assertThat(p.code()).isEqualTo(Problem.UNRECOGNISED);
        }

        @Test
        void v2OnAV1ControlMessageIsRejected() {
            Problem p = Trim.rejected(new Trimmer(InputFormat.V2).trim("{\"limit\":{\"track\":12}}"));

            assertThat(p.code()).isEqualTo(Problem.UNRECOGNISED);
        }

        @Test
        void v2OnATrimmedRecordIsRejected() {
            String record = new Trimmer(InputFormat.AUTO).trim(v2Post).jsonString();

            assertThat(Trim.rejected(new Trimmer(InputFormat.V2).trim(record)).code()).isEqualTo(Problem.UNRECOGNISED);
        }

        @Test
        void v2OnAnErrorsLineIsControl() {
            assertThat(Trim.control(new Trimmer(InputFormat.V2).trim(v2Errors))).isEqualTo("operational-disconnect");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{}", "{\"foo\":[1,2]}", "{\"delete\":{\"status\":{\"id\":1}}}",
            "{\"errors\":[{\"title\":\"operational-disconnect\"}]}"})
        void trimmedPassesAnyJsonObjectThroughUnchanged(String line) {
            TrimResult r = new Trimmer(InputFormat.TRIMMED).trim(line);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.POST);
            assertThat(r.jsonString()).isEqualTo(line);
        }

        @Test
        void trimmedPassesEvenAWholeV2LineThroughUnchanged() {
            TrimResult r = new Trimmer(InputFormat.TRIMMED).trim(v2Post);

            assertThat(r.jsonString()).isEqualTo(v2Post);
        }

        @Test
        void trimmedStillRejectsWhatIsNotAJsonObject() {
            Trimmer trimmed = new Trimmer(InputFormat.TRIMMED);

            assertThat(Trim.rejected(trimmed.trim("[1]")).code()).isEqualTo(Problem.NOT_OBJECT);
            assertThat(Trim.rejected(trimmed.trim("{\"screenname\":")).code()).isEqualTo(Problem.NOT_JSON);
        }
    }
}
