package io.twt.core.io;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Line ends and the line limit, read in one chunk and one byte at a time. */
class LineReaderTest {

    private static final int LIMIT = 16;

    private record Line(String text, boolean truncated) {}

    private static List<Line> read(String input, boolean oneByteAtATime) throws IOException {
        byte[] bytes = input.getBytes(US_ASCII);
        InputStream in = oneByteAtATime ? new OneByteInputStream(bytes) : new ByteArrayInputStream(bytes);
        List<Line> lines = new ArrayList<>();
        new LineReader(LIMIT).read(in, (n, buf, len, truncated) -> lines.add(new Line(new String(buf, 0, len, US_ASCII), truncated)));
        return lines;
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @ParameterizedTest(name = "one byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void aLineOfExactlyTheLimitEndedByCrLfIsWholeAndTheCrIsNotCounted(boolean oneByteAtATime) throws IOException {
        String full = repeat('a', LIMIT);

        assertThat(read(full + "\r\n" + "b\n", oneByteAtATime)).containsExactly(new Line(full, false), new Line("b", false));
    }

    @ParameterizedTest(name = "one byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void aLineOfOneByteOverTheLimitIsTruncatedToTheLimitWithOrWithoutCr(boolean oneByteAtATime) throws IOException {
        String over = repeat('a', LIMIT + 1);

        assertThat(read(over + "\n" + over + "\r\n" + "b", oneByteAtATime)).containsExactly(
                new Line(repeat('a', LIMIT), true), new Line(repeat('a', LIMIT), true), new Line("b", false));
    }

    @ParameterizedTest(name = "one byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void aCrInsideALineAtTheLimitIsContentSoTheLineIsTooLong(boolean oneByteAtATime) throws IOException {
        String full = repeat('a', LIMIT);

        assertThat(read(full + "\rx\n" + full + "\r", oneByteAtATime)).containsExactly(
                new Line(full, true), new Line(full, false));
    }

    @Test
    void onlyTheCrBeforeTheLfIsDroppedAndALoneCrStaysInTheLine() throws IOException {
        assertThat(read("a\rb\r\n\r\n\n", false)).containsExactly(new Line("a\rb", false), new Line("", false), new Line("", false));
    }

    @Test
    void aLimitTheBufferCannotHoldIsRefused() {
        Function<Integer, LineReader> make = LineReader::new;
        assertThatThrownBy(() -> make.apply(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> make.apply(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(make.apply(1)).isNotNull();
    }
}
