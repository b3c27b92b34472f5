package io.twt.core.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.record.RecordJson;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.TrimResult;
import io.twt.core.trim.Trimmer;
import io.twt.core.validate.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineStageTest {

    private final LineStage stage = new LineStage(new Trimmer(InputFormat.AUTO));

    private LineOutcome decide(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return stage.decide(bytes, bytes.length, false);
    }

    private static String record(int textChars) {
        return "{\"id\":\"1\",\"screenname\":\"a\",\"text\":\"" + "x".repeat(textChars) + "\"}";
    }

    @Test
    void aPostIsDeliveredAsItsTrimmedJsonAndANewline() {
        LineOutcome o = decide(record(5));

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.POST);
        assertThat(o.problem()).isNull();
        assertThat(new String(o.record(), StandardCharsets.UTF_8)).isEqualTo(o.trim().jsonString() + "\n");
        assertThat(o.trim().jsonString()).contains("\"text\":\"xxxxx\"");
    }

    @Test
    void aControlMessageIsControlWithItsType() {
        LineOutcome o = decide("{\"limit\":{\"track\":12}}");

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.CONTROL);
        assertThat(o.trim().control()).isEqualTo("limit");
        assertThatThrownBy(o::record).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeleteNoticeIsANoticeDeliveredAsItsRecordWithANewline() {
        LineOutcome o = decide("{\"delete\":{\"status\":{\"id\":1,\"id_str\":\"1\",\"user_id\":2,\"user_id_str\":\"2\"}}}");

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.NOTICE);
        assertThat(new String(o.record(), StandardCharsets.UTF_8)).isEqualTo("{\"notice\":\"delete\",\"id\":\"1\",\"user_id\":\"2\"}\n");
    }

    @Test
    void aBlankLineIsAKeepAlive() {
        LineOutcome o = decide("");

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.KEEPALIVE);
        assertThat(o.problem()).isNull();
    }

    @Test
    void aLineTrimmingRefusesIsRejectedWithTrimmingsReason() {
        LineOutcome o = decide("this is not json");

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.REJECTED);
        assertThat(o.problem().code()).isEqualTo(Problem.NOT_JSON);
        assertThat(o.trim().kind()).isEqualTo(TrimResult.Kind.REJECTED);
    }

    @Test
    void aLineCutAtTheLineLimitIsRejectedUntrimmed() {
        byte[] bytes = record(5).getBytes(StandardCharsets.UTF_8);

        LineOutcome o = stage.decide(bytes, bytes.length, true);

        assertThat(o.fate()).isEqualTo(LineOutcome.Fate.REJECTED);
        assertThat(o.problem().code()).isEqualTo(Problem.LINE_TOO_LONG);
        assertThat(o.problem().message()).contains(Integer.toString(LineStage.MAX_LINE_BYTES));
        assertThat(o.trim()).isNull();
    }

    @Test
    void aRecordOfExactlyFirehosesLimitWithItsNewlineIsDeliveredAndOneByteMoreIsRejected() {
        int overhead = decide(record(0)).record().length;
        int fits = RecordJson.MAX_DELIVERED_BYTES - overhead;

        LineOutcome atLimit = decide(record(fits));
        LineOutcome over = decide(record(fits + 1));

        assertThat(atLimit.fate()).isEqualTo(LineOutcome.Fate.POST);
        assertThat(atLimit.record()).hasSize(RecordJson.MAX_DELIVERED_BYTES);
        assertThat(over.fate()).isEqualTo(LineOutcome.Fate.REJECTED);
        assertThat(over.problem().code()).isEqualTo(LineStage.RECORD_TOO_LARGE);
        assertThat(over.problem().message()).contains(Integer.toString(RecordJson.MAX_DELIVERED_BYTES + 1));
        assertThat(over.trim().kind()).isEqualTo(TrimResult.Kind.POST);
    }
}
