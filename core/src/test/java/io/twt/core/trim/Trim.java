package io.twt.core.trim;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.record.TestJson;
import io.twt.core.validate.Problem;
import java.util.LinkedHashMap;

/** Small helpers shared by the trimming tests. */
final class Trim {

    private Trim() {
    }

    /** Trims {@code line} with an AUTO trimmer, asserts it became a post and returns its values in key order. */
    static LinkedHashMap<String, Object> post(String line) {
        return post(new Trimmer(InputFormat.AUTO).trim(line));
    }

    static LinkedHashMap<String, Object> post(TrimResult r) {
        assertThat(r.kind()).as("kind of %s", r).isEqualTo(TrimResult.Kind.POST);
        assertThat(r.problem()).isNull();
        assertThat(r.control()).isNull();
        String json = r.jsonString();
        TestJson.assertRecordKeys(json);
        return TestJson.parseFlat(json);
    }

    /** Asserts that the line was rejected and returns the problem. */
    static Problem rejected(TrimResult r) {
        assertThat(r.kind()).as("kind of %s", r).isEqualTo(TrimResult.Kind.REJECTED);
        assertThat(r.json()).isNull();
        assertThat(r.problem()).isNotNull();
        assertThat(r.problem().code()).isNotBlank();
        assertThat(r.problem().message()).isNotBlank();
        return r.problem();
    }

    static Problem rejected(String line) {
        return rejected(new Trimmer(InputFormat.AUTO).trim(line));
    }

    /** Asserts that the line is a control message and returns its type. */
    static String control(TrimResult r) {
        assertThat(r.kind()).as("kind of %s", r).isEqualTo(TrimResult.Kind.CONTROL);
        assertThat(r.json()).isNull();
        assertThat(r.problem()).isNull();
        return r.control();
    }
}
