package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XErrorTextTest {

    @Test
    void anEmptyAnswerSaysThereIsNoExplanation() {
        assertThat(XErrorText.of(null)).isEqualTo("no explanation in the answer");
        assertThat(XErrorText.of(" \n")).isEqualTo("no explanation in the answer");
    }

    @Test
    void textOfExactlyTheLimitIsKeptWholeAndLongerTextIsCut() {
        String limit = "x".repeat(XErrorText.MAX_CHARS);

        assertThat(XErrorText.of(limit)).isEqualTo(limit);
        assertThat(XErrorText.of(limit + "y")).isEqualTo(limit + "…");
    }
}
