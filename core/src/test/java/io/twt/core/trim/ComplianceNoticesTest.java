package io.twt.core.trim;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.validate.Problem;
import io.twt.core.validate.RecordValidator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * v1.1 compliance notices become notice records that flow with the posts, in X's documented shapes
 * (https://developer.x.com/en/docs/tweets/filter-realtime/guides/streaming-message-types), and the
 * record rules know them.
 */
class ComplianceNoticesTest {

    private final RecordValidator validator = new RecordValidator();

    @Nested
    class Trimming {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "delete          | {\"delete\":{\"status\":{\"id\":1896215732465139712,\"id_str\":\"1896215732465139712\",\"user_id\":2244994945,\"user_id_str\":\"2244994945\"},\"timestamp_ms\":\"1772366409000\"}} | {\"notice\":\"delete\",\"id\":\"1896215732465139712\",\"user_id\":\"2244994945\"}",
            "status_withheld | {\"status_withheld\":{\"id\":1896215732465139712,\"user_id\":2244994945,\"withheld_in_countries\":[\"DE\",\"AR\"]}} | {\"notice\":\"status_withheld\",\"id\":\"1896215732465139712\",\"user_id\":\"2244994945\"}",
            "user_withheld   | {\"user_withheld\":{\"id\":2244994945,\"withheld_in_countries\":[\"DE\"]}} | {\"notice\":\"user_withheld\",\"user_id\":\"2244994945\"}"
        })
        void eachV1NoticeBecomesItsNoticeRecordInAutoAndV1AndTheRulesAcceptIt(String type, String line, String record) {
            for (InputFormat f : new InputFormat[] {InputFormat.AUTO, InputFormat.V1}) {
                TrimResult r = new Trimmer(f).trim(line);
                assertThat(r.kind()).as(f + " " + type).isEqualTo(TrimResult.Kind.NOTICE);
                assertThat(r.jsonString()).isEqualTo(record);
                assertThat(validator.check(r.jsonString())).as("the record rules accept what the trimmer writes").isNull();
            }
        }

        @Test
        void theStringFormOfAnIdWinsOverTheNumber() {
            TrimResult r = new Trimmer(InputFormat.AUTO).trim(
                    "{\"delete\":{\"status\":{\"id\":1896215732465139700,\"id_str\":\"1896215732465139712\",\"user_id\":1,\"user_id_str\":\"2\"}}}");

            assertThat(r.jsonString()).isEqualTo("{\"notice\":\"delete\",\"id\":\"1896215732465139712\",\"user_id\":\"2\"}");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "no status         | {\"delete\":{\"timestamp_ms\":\"1\"}}                                   | no_id      | delete.status.id_str",
            "no user id        | {\"delete\":{\"status\":{\"id\":5,\"id_str\":\"5\"}}}                   | no_id      | delete.status.user_id_str",
            "id not digits     | {\"status_withheld\":{\"id_str\":\"12a\",\"user_id\":3}}                | invalid_id | status_withheld.id_str",
            "id an object      | {\"delete\":{\"status\":{\"id\":{},\"user_id\":3}}}                     | invalid_id | delete.status.id",
            "user id too long  | {\"user_withheld\":{\"id_str\":\"12345678901234567890\"}}               | invalid_id | user_withheld.id_str",
            "not an object     | {\"user_withheld\":7}                                                    | no_id      | user_withheld.id_str"
        })
        void aNoticeWithoutTheIdsItsRecordNeedsIsRejectedNamingTheField(String name, String line, String code, String field) {
            TrimResult r = new Trimmer(InputFormat.AUTO).trim(line);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.REJECTED);
            assertThat(r.problem().code()).isEqualTo(code);
            assertThat(r.problem().field()).isEqualTo(field);
        }

        @Test
        void aTrimmedNoticeRecordPassesThroughUnchangedAsANotice() {
            String record = "{\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\"}";
            for (InputFormat f : new InputFormat[] {InputFormat.AUTO, InputFormat.TRIMMED}) {
                TrimResult r = new Trimmer(f).trim(record);
                assertThat(r.kind()).as(f.name()).isEqualTo(TrimResult.Kind.NOTICE);
                assertThat(r.jsonString()).isEqualTo(record);
            }
        }

        @ParameterizedTest
        @EnumSource(value = InputFormat.class, names = {"AUTO", "TRIMMED"})
        void aRecordWithBothAScreennameAndANoticeIsAPostForTheRulesToRefuse(InputFormat f) {
            String record = "{\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\",\"screenname\":\"ada\"}";

            TrimResult r = new Trimmer(f).trim(record);

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.POST);
            assertThat(validator.check(r.jsonString()).code()).isEqualTo(Problem.INVALID_NOTICE);
        }

        @Test
        void scrubGeoStaysAControlMessage() {
            TrimResult r = new Trimmer(InputFormat.AUTO).trim("{\"scrub_geo\":{\"user_id\":1,\"user_id_str\":\"1\",\"up_to_status_id\":5}}");

            assertThat(r.kind()).isEqualTo(TrimResult.Kind.CONTROL);
            assertThat(r.control()).isEqualTo("scrub_geo");
        }
    }

    @Nested
    class RecordRules {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "an unknown type              | {\"notice\":\"undelete\",\"id\":\"1\",\"user_id\":\"2\"}                    | invalid_notice | notice",
            "a type that is not a string  | {\"notice\":{\"type\":\"delete\"},\"id\":\"1\",\"user_id\":\"2\"}          | invalid_notice | notice",
            "a screenname too             | {\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\",\"screenname\":\"a\"} | invalid_notice | notice",
            "a post notice without id     | {\"notice\":\"status_withheld\",\"user_id\":\"2\"}                           | missing_field  | id",
            "a null id                    | {\"notice\":\"delete\",\"id\":null,\"user_id\":\"2\"}                        | invalid_id     | id",
            "an id that is a number       | {\"notice\":\"delete\",\"id\":1,\"user_id\":\"2\"}                           | invalid_id     | id",
            "no user_id                   | {\"notice\":\"user_withheld\"}                                               | missing_field  | user_id",
            "a null user_id               | {\"notice\":\"delete\",\"id\":\"1\",\"user_id\":null}                        | missing_field  | user_id",
            "a user_id that is not digits | {\"notice\":\"user_withheld\",\"user_id\":\"x\"}                             | invalid_id     | user_id",
            "the key twice                | {\"notice\":\"delete\",\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\"} | duplicate_key  | notice"
        })
        void aNoticeRecordBreakingARuleIsRefusedWithItsCodeAndField(String name, String record, String code, String field) {
            Problem p = validator.check(record);

            assertThat(p).as(name).isNotNull();
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.field()).isEqualTo(field);
        }

        @Test
        void aUserNoticeNeedsNoIdAndAnyOtherKeyIsAllowed() {
            assertThat(validator.check("{\"notice\":\"user_withheld\",\"user_id\":\"2\"}")).isNull();
            assertThat(validator.check("{\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\",\"countries\":[\"DE\"]}")).isNull();
        }

        @Test
        void aNullNoticeIsNoNoticeSoThePostRulesApply() {
            assertThat(validator.check("{\"notice\":null,\"id\":\"1\",\"user_id\":\"2\"}").code()).isEqualTo(Problem.MISSING_FIELD);
        }
    }
}
