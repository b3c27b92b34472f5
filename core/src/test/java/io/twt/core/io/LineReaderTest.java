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

    private static List<Line> readBytes(byte[] bytes, boolean oneByteAtATime) throws IOException {
        InputStream in = oneByteAtATime ? new OneByteInputStream(bytes) : new ByteArrayInputStream(bytes);
        List<Line> lines = new ArrayList<>();
        new LineReader(LIMIT).read(in, (n, buf, len, truncated) -> lines.add(new Line(new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1), truncated)));
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
    void readReturnsHowManyLinesItDelivered() throws IOException {
        assertThat(new LineReader(LIMIT).read(new ByteArrayInputStream("a\nb\n\nc".getBytes(US_ASCII)), (n, buf, len, t) -> { }))
                .isEqualTo(4);
        assertThat(new LineReader(LIMIT).read(new ByteArrayInputStream(new byte[0]), (n, buf, len, t) -> { })).isZero();
    }

    @ParameterizedTest(name = "one byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void bytesThatOnlyBeginAByteOrderMarkAreTheStartOfTheFirstLine(boolean oneByteAtATime) throws IOException {
        assertThat(readBytes(new byte[] {(byte) 0xef, (byte) 0xbb}, oneByteAtATime))
                .as("the stream ends inside the mark").containsExactly(new Line("\u00ef\u00bb", false));
        assertThat(readBytes(new byte[] {(byte) 0xef, (byte) 0xbb, 'x', '\n'}, oneByteAtATime))
                .as("the mark is not completed").containsExactly(new Line("\u00ef\u00bbx", false));
        assertThat(readBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'x', '\n'}, oneByteAtATime))
                .as("a whole mark is dropped").containsExactly(new Line("x", false));
    }

    @Test
    void whatWasReadOfAnUnendedLineIsPendingWhenTheStreamFails() throws IOException {
        LineReader reader = new LineReader(LIMIT);
        InputStream failing = new InputStream() {
            private final byte[] bytes = {(byte) 0xef, (byte) 0xbb};
            private int next;

            @Override
            public int read() throws IOException {
                if (next == bytes.length) {
                    throw new IOException("connection reset");
                }
                return bytes[next++] & 0xff;
            }
        };

        assertThatThrownBy(() -> reader.read(failing, (n, buf, len, t) -> { })).hasMessage("connection reset");
        assertThat(reader.pending()).containsExactly(0xef, 0xbb);

        LineReader afterALine = new LineReader(LIMIT);
        InputStream cut = new java.io.SequenceInputStream(new ByteArrayInputStream("a\nbc".getBytes(US_ASCII)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("cut");
            }
        });
        assertThatThrownBy(() -> afterALine.read(cut, (n, buf, len, t) -> { })).hasMessage("cut");
        assertThat(new String(afterALine.pending(), US_ASCII)).isEqualTo("bc");
    }

    @Test
    void aHugeLineNeverHoldsMoreThanTheLimitAndItsBufferIsNotKeptForTheNextLine() throws IOException {
        int limit = 1 << 20;
        byte[] input = new byte[3 * limit + 3];
        Arrays.fill(input, (byte) 'a');
        input[3 * limit] = '\n';
        input[3 * limit + 1] = 'b';
        input[3 * limit + 2] = '\n';
        List<Integer> bufferSizes = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();

        new LineReader(limit).read(new ByteArrayInputStream(input), (n, buf, len, truncated) -> {
            bufferSizes.add(buf.length);
            lengths.add(len);
        });

        assertThat(lengths).containsExactly(limit, 1);
        assertThat(bufferSizes.get(0)).as("bounded by the limit and a CR").isLessThanOrEqualTo(limit + 1);
        assertThat(bufferSizes.get(1)).as("the long line's buffer is let go").isEqualTo(8192);
    }

    @Test
    void aLimitTheBufferCannotHoldIsRefused() {
        Function<Integer, LineReader> make = LineReader::new;
        assertThatThrownBy(() -> make.apply(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> make.apply(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(make.apply(1)).isNotNull();
    }
}
