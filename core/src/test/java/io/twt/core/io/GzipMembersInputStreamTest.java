package io.twt.core.io;

import static io.twt.core.io.TestBytes.concat;
import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gzip read member by member from the stream itself (issue 12). */
class GzipMembersInputStreamTest {

    // ---- helpers -------------------------------------------------------------------------

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("{\"id\":\"").append(i).append("\",\"text\":\"line ").append(i).append(" caf\u00e9\"}\n");
        }
        return sb.toString();
    }

    /** Everything the stream gives, read into a buffer of {@code chunk} bytes at a time. */
    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, chunk)) != -1; ) {
            assertThat(n).as("a read of %d bytes returns at least one", chunk).isPositive();
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GzipMembersInputStream(new OneByteInputStream(gz))) {
            return readAll(in, 8192);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What reading {@code gz} to its end gave before it failed, and how it failed. */
    private static final class Failure {
        final byte[] before;
        final GzipFormatException error;

        Failure(byte[] before, GzipFormatException error) {
            this.before = before;
            this.error = error;
        }

        String message() {
            return error.getMessage();
        }
    }

    private static Failure failure(byte[] gz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GzipMembersInputStream(new OneByteInputStream(gz))) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) != -1; ) {
                out.write(buf, 0, n);
            }
        } catch (GzipFormatException e) {
            return new Failure(out.toByteArray(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no error; read " + out.size() + " bytes");
    }

    private static byte[] jdkGunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    // ---- tests ----------------------------------------------------------------------------

    @Nested
    class EveryMember {

        @Test
        void twoMembersThroughOneByteReadsWithNothingAvailableGiveEveryLine() {
            byte[] object = concat(gzip(utf8(lines(0, 3))), gzip(utf8(lines(3, 6))));

            String text = new String(gunzip(object), UTF_8);

            assertThat(text).isEqualTo(lines(0, 6));
            assertThat(text.split("\n")).hasSize(6);
        }

        @Test
        void tenMembersWithEmptyOnesGiveTheSameBytesAsEachMemberDecodedAlone() throws IOException {
            List<byte[]> members = new ArrayList<>();
            ByteArrayOutputStream alone = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                byte[] member = gzip(i % 3 == 0 ? new byte[0] : utf8(lines(i * 10, i * 10 + i)));
                members.add(member);
                alone.writeBytes(jdkGunzip(member));
            }

            byte[] decoded = gunzip(concat(members.toArray(new byte[0][])));

            assertThat(decoded).isEqualTo(alone.toByteArray());
            assertThat(new String(decoded, UTF_8).split("\n")).hasSize(1 + 2 + 4 + 5 + 7 + 8);
        }

        @Test
        void onlyEmptyMembersGiveNothing() {
            assertThat(gunzip(concat(gzip(new byte[0]), gzip(new byte[0]), gzip(new byte[0])))).isEmpty();
        }

        @Test
        void wholeReadsGiveTheSameBytesAsTheJdkOnAByteArray() throws IOException {
            byte[] object = concat(gzip(utf8(lines(0, 500))), gzip(new byte[0]), gzip(utf8(lines(500, 900))));

            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(object))) {
                assertThat(readAll(in, 1 << 16)).isEqualTo(jdkGunzip(object));
            }
        }

        @Test
        void largeMemberOfSeveralMebibytesRoundTrips() throws IOException {
            Random random = new Random(12);
            StringBuilder sb = new StringBuilder();
            String[] words = {"café", "post", "🚀", "stream", "firehose", "x", "snowflake", "\u4e2d\u6587", "validate"};
            while (sb.length() < 6 << 20) {
                sb.append(words[random.nextInt(words.length)]).append(random.nextInt(100000)).append(random.nextBoolean() ? ' ' : '\n');
            }
            byte[] data = utf8(sb.toString());
            byte[] gz = gzip(data);
            assertThat(gz.length).as("several chunks of compressed input").isGreaterThan(4 * GzipMembersInputStream.CHUNK_BYTES);

            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gz))) {
                assertThat(Arrays.mismatch(readAll(in, 1 << 16), data)).isEqualTo(-1);
            }
            try (InputStream in = new GzipMembersInputStream(new OneByteInputStream(gz))) {
                assertThat(Arrays.mismatch(readAll(in, 777), data)).isEqualTo(-1);
            }
        }

        @Test
        void decompressIfGzipReadsEveryMemberAndPassesPlainBytesThrough() throws IOException {
            byte[] object = concat(gzip(utf8(lines(0, 3))), gzip(utf8(lines(3, 6))));

            try (InputStream in = Gzip.decompressIfGzip(new OneByteInputStream(object))) {
                assertThat(new String(readAll(in, 100), UTF_8)).isEqualTo(lines(0, 6));
            }
            try (InputStream in = Gzip.decompressIfGzip(new OneByteInputStream(utf8(lines(0, 2))))) {
                assertThat(new String(readAll(in, 100), UTF_8)).isEqualTo(lines(0, 2));
            }
        }

        @Test
        void aStreamThatSometimesReturnsZeroBytesIsReadOn() throws IOException {
            byte[] object = concat(gzip(utf8(lines(0, 3))), gzip(utf8(lines(3, 6))));
            InputStream stuttering = new InputStream() {
                private final ByteArrayInputStream data = new ByteArrayInputStream(object);
                private int calls;

                @Override
                public int read() {
                    return data.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return calls++ % 2 == 0 ? 0 : data.read(b, off, Math.min(len, 5));
                }
            };

            try (InputStream in = new GzipMembersInputStream(stuttering)) {
                assertThat(new String(readAll(in, 64), UTF_8)).isEqualTo(lines(0, 6));
            }
        }
    }

    @Nested
    class Headers {

        @Test
        void headerWithTextExtraNameCommentAndHeaderCrcDecodes() {
            byte[] data = utf8(lines(0, 4));
            byte[] member = new GzipMembers().text().extra(new byte[] {'A', 'p', 2, 0, 7, 9}).name("tweets.ndjson")
                    .comment("written by hand").headerCrc().member(data);

            assertThat(gunzip(concat(member, member))).isEqualTo(concat(data, data));
        }

        @Test
        void eachOptionalFieldAloneDecodes() {
            byte[] data = utf8(lines(0, 2));
            List<byte[]> members = List.of(
                    new GzipMembers().extra(new byte[300]).member(data),
                    new GzipMembers().extra(new byte[0]).member(data),
                    new GzipMembers().name("").member(data),
                    new GzipMembers().name("a.json").member(data),
                    new GzipMembers().comment("c").member(data),
                    new GzipMembers().headerCrc().member(data));

            for (byte[] member : members) {
                assertThat(gunzip(member)).isEqualTo(data);
            }
            assertThat(gunzip(concat(members.toArray(new byte[0][])))).hasSize(data.length * members.size());
        }

        @Test
        void headerCrcThatDoesNotMatchIsReported() {
            byte[] member = new GzipMembers().name("n").headerCrc().member(utf8("x\n"));
            int crcAt = new GzipMembers().name("n").headerCrc().header().length - 2;
            member[crcAt] ^= 1;

            assertThat(failure(member).message()).startsWith("header CRC16 mismatch in member 1: FHCRC says ");
        }

        @Test
        void headerCrcCoversTheMagicOfALaterMember() {
            byte[] first = gzip(utf8("a\n"));
            byte[] second = new GzipMembers().headerCrc().member(utf8("b\n"));

            assertThat(gunzip(concat(first, second))).isEqualTo(utf8("a\nb\n"));
        }

        @Test
        void unsupportedCompressionMethodIsReported() {
            byte[] member = gzip(utf8("x\n"));
            member[2] = 9;

            assertThat(failure(member).message()).isEqualTo("unsupported compression method 9 in member 1 at byte 2");
        }

        @ParameterizedTest
        @ValueSource(ints = {0x20, 0x40, 0x80, 0xe0})
        void reservedFlagBitsAreReported(int bits) {
            byte[] member = gzip(utf8("x\n"));
            member[3] |= (byte) bits;

            assertThat(failure(member).message()).isEqualTo(String.format("reserved gzip header flags %02x set in member 1 at byte 3", bits));
        }

        @Test
        void bytesThatAreNotGzipAreReported() {
            Failure f = failure(utf8("PK\u0003\u0004 not gzip"));

            assertThat(f.message()).isEqualTo("not gzip: the stream starts with 50 4b, not the gzip magic 1f 8b");
            assertThat(f.error.member()).isEqualTo(1);
            assertThat(f.error.offset()).isEqualTo(2);
        }

        @Test
        void firstMagicByteAloneIsNotEnough() {
            assertThat(failure(new byte[] {0x1f, 0x1f, 8}).message()).startsWith("not gzip: the stream starts with 1f 1f");
            assertThat(failure(new byte[] {(byte) 0x8b, (byte) 0x8b, 8}).message()).startsWith("not gzip: the stream starts with 8b 8b");
        }

        @Test
        void badHeaderOfALaterMemberNamesThatMember() {
            byte[] second = gzip(utf8("b\n"));
            second[2] = 7;

            Failure f = failure(concat(gzip(utf8("a\n")), gzip(utf8("c\n")), second));

            assertThat(f.before).isEqualTo(utf8("a\nc\n"));
            assertThat(f.message()).startsWith("unsupported compression method 7 in member 3 at byte ");
            assertThat(f.error.member()).isEqualTo(3);
        }
    }

    @Nested
    class CutShort {

        @Test
        void emptyStreamIsAHeaderCutShortAtByteZero() {
            assertThat(failure(new byte[0]).message()).isEqualTo("gzip header cut short at byte 0 of member 1");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
        void headerCutAfterEachOfItsFixedBytesIsReported(int keep) {
            byte[] cut = Arrays.copyOf(gzip(utf8("x\n")), keep);

            Failure f = failure(cut);

            assertThat(f.message()).isEqualTo("gzip header cut short at byte " + keep + " of member 1");
            assertThat(f.error.offset()).isEqualTo(keep);
            assertThat(f.before).isEmpty();
        }

        @Test
        void headerCutInsideEachOptionalFieldNamesTheField() {
            GzipMembers all = new GzipMembers().extra(new byte[] {1, 2, 3, 4}).name("name").comment("comment").headerCrc();
            byte[] header = all.header();
            // 10 fixed, XLEN 2 + 4, "name\0" 5, "comment\0" 8, CRC16 2
            assertThat(header).hasSize(31);

            assertThat(failure(Arrays.copyOf(header, 11)).message()).isEqualTo("gzip header cut short at byte 11 of member 1 (in FEXTRA)");
            assertThat(failure(Arrays.copyOf(header, 14)).message()).isEqualTo("gzip header cut short at byte 14 of member 1 (in FEXTRA)");
            assertThat(failure(Arrays.copyOf(header, 18)).message()).isEqualTo("gzip header cut short at byte 18 of member 1 (in FNAME)");
            assertThat(failure(Arrays.copyOf(header, 20)).message()).isEqualTo("gzip header cut short at byte 20 of member 1 (in FNAME)");
            assertThat(failure(Arrays.copyOf(header, 25)).message()).isEqualTo("gzip header cut short at byte 25 of member 1 (in FCOMMENT)");
            assertThat(failure(Arrays.copyOf(header, 30)).message()).isEqualTo("gzip header cut short at byte 30 of member 1 (in FHCRC)");
            assertThat(failure(header).message()).isEqualTo("gzip data cut short in member 1 at byte 31");
        }

        @Test
        void headerOfASecondMemberCutShortNamesMemberTwo() {
            byte[] first = gzip(utf8("a\n"));
            byte[] second = Arrays.copyOf(gzip(utf8("b\n")), 5);

            Failure f = failure(concat(first, second));

            assertThat(f.before).isEqualTo(utf8("a\n"));
            assertThat(f.message()).isEqualTo("gzip header cut short at byte " + (first.length + 5) + " of member 2");
        }

        @Test
        void deflateDataCutShortKeepsWhatCameBeforeAndSaysWhere() {
            byte[] first = gzip(utf8(lines(0, 3)));
            byte[] second = gzip(utf8(lines(3, 2000)));
            int cutAt = first.length + second.length / 2;

            Failure f = failure(Arrays.copyOf(concat(first, second), cutAt));

            assertThat(f.message()).isEqualTo("gzip data cut short in member 2 at byte " + cutAt);
            assertThat(f.error.member()).isEqualTo(2);
            assertThat(f.error.offset()).isEqualTo(cutAt);
            assertThat(new String(f.before, UTF_8)).startsWith(lines(0, 3) + lines(3, 100));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
        void trailerCutShortIsReported(int keep) {
            byte[] data = utf8(lines(0, 3));
            byte[] member = gzip(data);
            int trailerAt = member.length - 8;

            Failure f = failure(Arrays.copyOf(member, trailerAt + keep));

            assertThat(f.message()).isEqualTo("gzip trailer cut short at byte " + (trailerAt + keep) + " of member 1");
            assertThat(f.before).isEqualTo(data);
        }
    }

    @Nested
    class Corrupt {

        @Test
        void crcMismatchIsReported() {
            byte[] data = utf8(lines(0, 3));
            byte[] member = gzip(data);
            int trailerAt = member.length - 8;
            member[trailerAt] ^= 0x01;

            Failure f = failure(member);

            assertThat(f.message()).startsWith("CRC32 mismatch in member 1: the trailer at byte " + trailerAt + " says ");
            assertThat(f.before).isEqualTo(data);
        }

        @Test
        void crcMismatchInTheHighByteIsReported() {
            byte[] member = gzip(utf8(lines(0, 3)));
            member[member.length - 5] ^= (byte) 0x80;

            assertThat(failure(member).message()).startsWith("CRC32 mismatch in member 1");
        }

        @Test
        void isizeMismatchIsReported() {
            byte[] data = utf8(lines(0, 3));
            byte[] member = gzip(data);
            int sizeAt = member.length - 4;
            member[sizeAt] ^= 0x01;

            Failure f = failure(member);

            assertThat(f.message()).isEqualTo("ISIZE mismatch in member 1: the trailer at byte " + sizeAt + " says "
                    + (data.length ^ 1) + " bytes, the data gives " + data.length + " (mod 2^32)");
        }

        @Test
        void isizeMismatchInTheHighByteIsReported() {
            byte[] member = gzip(utf8("x\n"));
            member[member.length - 1] = (byte) 0x80;

            assertThat(failure(member).message()).startsWith("ISIZE mismatch in member 1: the trailer at byte ")
                    .contains("says " + (0x80000000L + 2) + " bytes");
        }

        @Test
        void corruptDeflateDataIsReported() {
            byte[] member = concat(new GzipMembers().header(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0});

            Failure f = failure(member);

            assertThat(f.message()).startsWith("invalid deflate data in member 1 near byte ");
            assertThat(f.error).isInstanceOf(ZipException.class);
        }

        @Test
        void theSameErrorIsThrownAgainOnTheNextRead() throws IOException {
            byte[] member = gzip(utf8("x\n"));
            member[member.length - 8] ^= 1;
            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(member))) {
                GzipFormatException first = catchGzip(in);

                assertThat(catchGzip(in)).isSameAs(first);
            }
        }

        private GzipFormatException catchGzip(InputStream in) {
            try {
                readAll(in, 100);
            } catch (GzipFormatException e) {
                return e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("no error");
        }
    }

    @Nested
    class AfterTheLastMember {

        @Test
        void trailingBytesThatAreNotGzipAreAnErrorNamingTheirOffsetAfterTheLines() {
            byte[] gz = concat(gzip(utf8(lines(0, 3))), gzip(utf8(lines(3, 6))));

            Failure f = failure(concat(gz, utf8("not gzip :)\n")));

            assertThat(f.before).isEqualTo(utf8(lines(0, 6)));
            assertThat(f.message()).isEqualTo("12 bytes after the last gzip member at byte " + gz.length + " are not gzip");
            assertThat(f.error.member()).isEqualTo(2);
            assertThat(f.error.offset()).isEqualTo(gz.length);
        }

        @Test
        void trailingZeroBytesAreAnErrorToo() {
            byte[] gz = gzip(utf8(lines(0, 3)));

            Failure f = failure(concat(gz, new byte[512]));

            assertThat(f.before).isEqualTo(utf8(lines(0, 3)));
            assertThat(f.message()).isEqualTo("512 bytes after the last gzip member at byte " + gz.length + " are not gzip (zero padding)");
        }

        @Test
        void zerosFollowedByOtherBytesAreNotCalledPadding() {
            byte[] gz = gzip(utf8("x\n"));

            assertThat(failure(concat(gz, new byte[] {0, 0, 0, 1})).message()).endsWith("4 bytes after the last gzip member at byte " + gz.length + " are not gzip");
            assertThat(failure(concat(gz, new byte[] {0, 1})).message()).endsWith("are not gzip");
            assertThat(failure(concat(gz, new byte[] {1, 0})).message()).endsWith("are not gzip");
        }

        @Test
        void aSingleTrailingByteIsReportedInTheSingular() {
            byte[] gz = gzip(utf8("x\n"));

            assertThat(failure(concat(gz, new byte[] {0x1f})).message()).isEqualTo("1 byte after the last gzip member at byte " + gz.length + " is not gzip");
            assertThat(failure(concat(gz, new byte[] {0})).message()).isEqualTo("1 byte after the last gzip member at byte " + gz.length + " is not gzip (zero padding)");
        }

        @Test
        void halfAMagicFollowedByOtherBytesIsNotGzip() {
            byte[] gz = gzip(utf8("x\n"));

            assertThat(failure(concat(gz, new byte[] {0x1f, 0x00})).message()).isEqualTo("2 bytes after the last gzip member at byte " + gz.length + " are not gzip");
            assertThat(failure(concat(gz, new byte[] {0x00, (byte) 0x8b})).message()).isEqualTo("2 bytes after the last gzip member at byte " + gz.length + " are not gzip");
        }

        @Test
        void manyTrailingBytesAcrossChunksAreAllCounted() throws IOException {
            byte[] gz = gzip(utf8("x\n"));
            byte[] junk = new byte[3 * GzipMembersInputStream.CHUNK_BYTES + 5];
            Arrays.fill(junk, (byte) 'j');

            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(concat(gz, junk)))) {
                assertThatThrownBy(() -> readAll(in, 100)).isInstanceOf(GzipFormatException.class)
                        .hasMessage(junk.length + " bytes after the last gzip member at byte " + gz.length + " are not gzip");
            }
        }
    }

    @Nested
    class InputStreamContract {

        @Test
        void singleByteReadsGiveEveryByteThenMinusOne() throws IOException {
            byte[] data = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, '\n'};
            try (InputStream in = new GzipMembersInputStream(new OneByteInputStream(concat(gzip(data), gzip(new byte[0]), gzip(data))))) {
                for (int k = 0; k < 2; k++) {
                    for (byte b : data) {
                        assertThat(in.read()).isEqualTo(b & 0xff);
                    }
                }
                assertThat(in.read()).isEqualTo(-1);
                assertThat(in.read()).isEqualTo(-1);
                assertThat(in.read(new byte[5], 0, 5)).isEqualTo(-1);
            }
        }

        @Test
        void zeroLengthReadReturnsZeroBeforeAndAtTheEnd() throws IOException {
            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gzip(utf8("ab"))))) {
                assertThat(in.read(new byte[4], 2, 0)).isZero();
                assertThat(in.readAllBytes()).isEqualTo(utf8("ab"));
                assertThat(in.read(new byte[4], 4, 0)).isZero();
                assertThat(in.read(new byte[0])).isZero();
            }
        }

        @Test
        void readsFillTheRequestedPartOfTheBufferOnly() throws IOException {
            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gzip(utf8("abcdef"))))) {
                byte[] buf = new byte[10];
                Arrays.fill(buf, (byte) '.');
                int n = in.read(buf, 3, 4);

                assertThat(n).isEqualTo(4);
                assertThat(new String(buf, UTF_8)).isEqualTo("...abcd...");
            }
        }

        @Test
        void badBufferBoundsAreRejected() throws IOException {
            try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gzip(utf8("ab"))))) {
                assertThatThrownBy(() -> in.read(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
                assertThatThrownBy(() -> in.read(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
                assertThatThrownBy(() -> in.read(null, 0, 1)).isInstanceOf(NullPointerException.class);
            }
        }

        @Test
        void readingAfterCloseFailsCleanlyAndCloseClosesTheUnderlyingStreamOnce() throws IOException {
            OneByteInputStream raw = new OneByteInputStream(gzip(utf8(lines(0, 3))));
            InputStream in = new GzipMembersInputStream(raw);
            assertThat(in.read()).isEqualTo('{');

            in.close();
            in.close();

            assertThat(raw.closed()).isTrue();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("gzip stream closed");
            assertThatThrownBy(() -> in.read(new byte[8], 0, 0)).isInstanceOf(IOException.class).hasMessage("gzip stream closed");
        }

        @Test
        void closingAfterAnErrorOrTheEndIsFine() throws IOException {
            InputStream ended = new GzipMembersInputStream(new ByteArrayInputStream(gzip(utf8("a"))));
            assertThat(ended.readAllBytes()).isEqualTo(utf8("a"));
            ended.close();

            InputStream failed = new GzipMembersInputStream(new ByteArrayInputStream(new byte[3]));
            assertThatThrownBy(failed::read).isInstanceOf(GzipFormatException.class);
            failed.close();
            assertThatThrownBy(failed::read).hasMessage("gzip stream closed");
        }

        @Test
        void constructingReadsNothing() {
            InputStream failing = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("read too early");
                }
            };

            assertThat(new GzipMembersInputStream(failing)).isNotNull();
            assertThatThrownBy(() -> new GzipMembersInputStream(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void ioErrorsOfTheUnderlyingStreamPropagateUnchanged() {
            IOException broken = new IOException("connection reset");
            InputStream failing = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw broken;
                }
            };

            assertThatThrownBy(() -> new GzipMembersInputStream(failing).read()).isSameAs(broken);
        }
    }
}
